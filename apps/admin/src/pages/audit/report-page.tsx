import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { describeServerError, useTRPC } from '../../api/trpc.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { downloadBase64 } from '../download.js';

const thisYear = new Date().getFullYear();

/** 机构编制责任审计报告: one unit, one period, as PDF or Excel. */
function DepartmentReport() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ organizationId: string; from: string; to: string }>();
  const [pending, setPending] = useState<'pdf' | 'xlsx' | null>(null);
  const download = async (format: 'pdf' | 'xlsx') => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setPending(format);
    try {
      const file = await queryClient.fetchQuery({ ...trpc.audit.report.department.queryOptions({ ...values, format }), staleTime: 0 });
      downloadBase64(file.filename, file.contentBase64, file.contentType);
    } catch (error) {
      void message.error(describeServerError(error, t('errors.network')).message);
    } finally {
      setPending(null);
    }
  };
  return (
    <Card title={t('report.title')}>
      <Typography.Paragraph type="secondary">{t('report.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" style={{ maxWidth: 560 }} initialValues={{ from: `${thisYear - 1}-01-01`, to: `${thisYear - 1}-12-31` }}>
        <Form.Item label={t('report.unit')} name="organizationId" rules={[{ required: true, message: t('violations.form.required') }]}>
          <OrganizationPicker ariaLabel={t('report.unit')} />
        </Form.Item>
        <Space>
          <Form.Item label={t('report.from')} name="from" rules={[{ required: true, message: t('violations.form.required') }]}>
            <Input type="date" aria-label={t('report.from')} />
          </Form.Item>
          <Form.Item label={t('report.to')} name="to" rules={[{ required: true, message: t('violations.form.required') }]}>
            <Input type="date" aria-label={t('report.to')} />
          </Form.Item>
        </Space>
        <Space>
          <Button type="primary" icon={<FilePdfOutlined />} loading={pending === 'pdf'} onClick={() => void download('pdf')}>
            {t('report.pdf')}
          </Button>
          <Button icon={<FileExcelOutlined />} loading={pending === 'xlsx'} onClick={() => void download('xlsx')}>
            {t('report.xlsx')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

export function ReportPage() {
  return (
    <RequirePermission permission="audit.report.read">
      <DepartmentReport />
    </RequirePermission>
  );
}
