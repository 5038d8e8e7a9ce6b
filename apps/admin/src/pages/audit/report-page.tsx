import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Space, Tabs, Typography, type FormInstance } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { describeServerError, useTRPC } from '../../api/trpc.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useCan } from '../../api/me.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { downloadBase64 } from '../download.js';
import { NamedRollAdmin } from './named-roll-admin.js';

const thisYear = new Date().getFullYear();

/** Validates a report form and downloads what the server makes of it, one format at a time; a refusal is shown, the form kept. */
function useReportDownload<Values>(form: FormInstance<Values>, fetchFile: (values: Values, format: 'pdf' | 'xlsx') => Promise<{ filename: string; contentBase64: string; contentType: string }>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [pending, setPending] = useState<'pdf' | 'xlsx' | null>(null);
  const download = async (format: 'pdf' | 'xlsx') => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setPending(format);
    try {
      const file = await fetchFile(values, format);
      downloadBase64(file.filename, file.contentBase64, file.contentType);
    } catch (error) {
      void message.error(describeServerError(error, t('errors.network')).message);
    } finally {
      setPending(null);
    }
  };
  return { pending, download };
}

/** 机构编制责任审计报告: one unit, one period, as PDF or Excel. */
function DepartmentReport() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ organizationId: string; from: string; to: string }>();
  const { pending, download } = useReportDownload(form, (values, format) => queryClient.fetchQuery({ ...trpc.audit.report.department.queryOptions({ ...values, format }), staleTime: 0 }));
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

/** 任期审计: a leader's term across the units they led, as PDF or Excel; the auditor names the leader, the term and the units. */
function TermReport() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ leaderName: string; post?: string; from: string; to: string; organizationIds: (string | null)[] }>();
  const { pending, download } = useReportDownload(form, (values, format) => {
    const input = { leaderName: values.leaderName, post: values.post ?? '', from: values.from, to: values.to, organizationIds: values.organizationIds.filter((id): id is string => Boolean(id)), format };
    return queryClient.fetchQuery({ ...trpc.audit.report.term.queryOptions(input), staleTime: 0 });
  });
  const required = [{ required: true, whitespace: true, message: t('violations.form.required') }];
  return (
    <Card title={t('termReport.title')}>
      <Typography.Paragraph type="secondary">{t('termReport.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" style={{ maxWidth: 640 }} initialValues={{ organizationIds: [null] }}>
        <Space align="start">
          <Form.Item label={t('termReport.leader')} name="leaderName" rules={required}>
            <Input maxLength={100} aria-label={t('termReport.leader')} />
          </Form.Item>
          <Form.Item label={t('termReport.post')} name="post">
            <Input maxLength={100} aria-label={t('termReport.post')} />
          </Form.Item>
        </Space>
        <Space>
          <Form.Item label={t('termReport.from')} name="from" rules={required}>
            <Input type="date" aria-label={t('termReport.from')} />
          </Form.Item>
          <Form.Item label={t('termReport.to')} name="to" rules={required}>
            <Input type="date" aria-label={t('termReport.to')} />
          </Form.Item>
        </Space>
        <Form.List name="organizationIds">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item label={i === 0 ? t('termReport.units') : undefined} name={field.name} rules={[{ required: true, message: t('violations.form.required') }]} style={{ width: 480 }}>
                    <OrganizationPicker ariaLabel={`${t('termReport.unit')} ${i + 1}`} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined aria-label={t('termReport.removeUnit')} onClick={() => remove(field.name)} />}
                </Space>
              ))}
              {fields.length < 20 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(null)} style={{ marginBottom: 16 }}>
                  {t('termReport.addUnit')}
                </Button>
              )}
            </>
          )}
        </Form.List>
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

/** 信息公开 for the bureau: publish the public snapshot now, score this half-year, open the public site. */
function DisclosureAdmin() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const onError = (error: unknown) => void message.error(describeServerError(error, t('errors.network')).message);
  const publish = useMutation(trpc.audit.disclosure.publish.mutationOptions({ onSuccess: (r) => void message.success(t('report.disclosure.published', { units: r.units })), onError }));
  const evaluate = useMutation(trpc.audit.disclosure.evaluate.mutationOptions({ onSuccess: (r) => void message.success(t('report.disclosure.evaluated', { period: r.period, units: r.units })), onError }));
  return (
    <Card title={t('report.disclosure.title')}>
      <Typography.Paragraph type="secondary">{t('report.disclosure.help')}</Typography.Paragraph>
      <Space>
        <Button type="primary" loading={publish.isPending} onClick={() => publish.mutate()}>
          {t('report.disclosure.publish')}
        </Button>
        <Button loading={evaluate.isPending} onClick={() => evaluate.mutate()}>
          {t('report.disclosure.evaluate')}
        </Button>
        <Button href="/public" target="_blank">
          {t('report.disclosure.open')}
        </Button>
      </Space>
    </Card>
  );
}

export function ReportPage() {
  const { t } = useTranslation();
  const canPublish = useCan('audit.disclosure.manage');
  const canSeeNamedRoll = useCan('audit.namedRoll.read');
  return (
    <RequirePermission permission="audit.report.read">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Tabs
          items={[
            { key: 'department', label: t('report.title'), children: <DepartmentReport /> },
            { key: 'term', label: t('termReport.title'), children: <TermReport /> },
          ]}
        />
        {canPublish && <DisclosureAdmin />}
        {canSeeNamedRoll && <NamedRollAdmin />}
      </Space>
    </RequirePermission>
  );
}
