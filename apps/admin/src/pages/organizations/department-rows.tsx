import { Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { departmentTypes } from '@bianzhi/domain/organization';

/** One internal department as a 三定规定 form lists it. */
export interface DepartmentRow {
  name: string;
  type: (typeof departmentTypes)[number];
  headcount: number;
}

/** The internal departments of a 三定规定 being written: name, type and headcount per row, added and removed in place. */
export function DepartmentRows({ name = 'departments' }: { name?: string }) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Form.Item label={t('organizations.establish.departments')}>
          {fields.map((field, index) => (
            <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
              <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('organizations.form.required') }]}>
                <Input placeholder={t('organizations.establish.departmentName')} aria-label={`${t('organizations.establish.departmentName')} ${index + 1}`} maxLength={100} />
              </Form.Item>
              <Form.Item name={[field.name, 'type']} initialValue="office">
                <Select style={{ width: 120 }} aria-label={`${t('organizations.departments.type')} ${index + 1}`} options={departmentTypes.map((value) => ({ value, label: t(`organizations.departments.types.${value}`) }))} />
              </Form.Item>
              <Form.Item name={[field.name, 'headcount']} rules={[{ required: true, message: t('organizations.form.required') }]}>
                <InputNumber min={0} max={10000} precision={0} placeholder={t('organizations.departments.headcount')} aria-label={`${t('organizations.departments.headcount')} ${index + 1}`} />
              </Form.Item>
              <Button type="link" danger onClick={() => remove(field.name)}>
                {t('organizations.establish.remove')}
              </Button>
            </Space>
          ))}
          <Button onClick={() => add({ type: 'office' })}>{t('organizations.establish.addDepartment')}</Button>
        </Form.Item>
      )}
    </Form.List>
  );
}

/** The functions text area's value as the API takes it: one function per non-empty line. */
export const functionLines = (text: string | undefined): string[] =>
  (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
