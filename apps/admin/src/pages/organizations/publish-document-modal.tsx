import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Col, Form, Input, InputNumber, Modal, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { quotaTypes, type QuotaType } from '@bianzhi/contracts/ledger';
import type { OrganizationDetailDto, ThreeDeterminationsDto } from '@bianzhi/contracts/registry';
import { todayInChina } from '@bianzhi/domain/calendar';
import { useCan } from '../../api/me.js';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { DepartmentRows, functionLines, type DepartmentRow } from './department-rows.js';
import { RefusalAlert } from './policy-refusal.js';
import { useRegistryRefresh } from './use-organization-tree.js';

interface Values {
  documentNumber: string;
  effectiveDate: string;
  functions: string;
  departments: DepartmentRow[];
  staffing: Partial<Record<QuotaType, number | null>>;
}

/**
 * 发布新版三定规定: starts from what is in force (the last document's functions and staffing, the
 * unit's departments now), so the bureau edits the difference. The department rules are checked
 * when published; a document published meanwhile by someone else is refused (DOCUMENT_VERSION_STALE),
 * never overwritten. Leadership posts carry over from the last document (领导职数 are set on the
 * unit's leadership section).
 */
export function PublishDocumentModal({ organization, latest, open, onClose }: { organization: OrganizationDetailDto; latest: ThreeDeterminationsDto | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const refresh = useRegistryRefresh();
  const canReadQuota = useCan('ledger.account.read');
  const [form] = Form.useForm<Values>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const accounts = useQuery({ ...trpc.ledger.account.list.queryOptions({ holderId: organization.id }), enabled: open && Boolean(canReadQuota) });
  // The quota types the unit is staffed with: those of the last document and those it holds accounts in.
  const types = quotaTypes.filter((type) => latest?.staffing[type] !== undefined || accounts.data?.some((a) => a.ledger === type));

  useEffect(() => {
    if (!open) return;
    setRefusal(null);
    form.setFieldsValue({
      documentNumber: '',
      effectiveDate: todayInChina(),
      functions: (latest?.functions ?? []).join('\n'),
      departments: organization.departments.map((d) => ({ name: d.name, type: d.type, headcount: d.headcount })),
      staffing: latest?.staffing ?? {},
    });
  }, [open, latest, organization.departments, form]);

  const publish = useMutation(
    trpc.registry.threeDeterminations.publish.mutationOptions({
      onSuccess: async (document) => {
        message.success(t('organizations.documents.published', { version: document.version }));
        await refresh();
        onClose();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  const submit = (values: Values) => {
    setRefusal(null);
    const previous = new Map(organization.departments.map((d) => [d.name, d]));
    publish.mutate({
      organizationId: organization.id,
      basedOnVersion: latest?.version ?? 0,
      documentNumber: values.documentNumber,
      effectiveDate: values.effectiveDate,
      functions: functionLines(values.functions),
      // A department kept by name keeps its own leadership posts and functions.
      departments: (values.departments ?? []).map((d) => ({ ...d, leadershipPosts: previous.get(d.name)?.leadershipPosts ?? {}, functions: previous.get(d.name)?.functions ?? '' })),
      staffing: Object.fromEntries(Object.entries(values.staffing ?? {}).filter(([, n]) => n !== null && n !== undefined)),
      leadershipPosts: latest?.leadershipPosts ?? {},
    });
  };
  const required = [{ required: true, whitespace: true, message: t('organizations.form.required') }];
  return (
    <Modal title={t('organizations.documents.publish')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('organizations.documents.publishOk')} cancelText={t('common.cancel')} confirmLoading={publish.isPending} width={820} destroyOnHidden>
      <RefusalAlert error={refusal} />
      <Typography.Paragraph type="secondary">{latest ? t('organizations.documents.publishHelp', { version: latest.version }) : t('organizations.documents.publishFirst')}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label={t('organizations.form.documentNumber')} name="documentNumber" rules={required}>
              <Input maxLength={100} placeholder="示编〔2026〕1号" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('organizations.form.effectiveDate')} name="effectiveDate" rules={required}>
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('organizations.establish.functions')} name="functions" extra={t('organizations.establish.functionsHelp')} rules={required}>
          <Input.TextArea rows={4} maxLength={20000} aria-label={t('organizations.establish.functions')} />
        </Form.Item>
        <DepartmentRows />
        <Row gutter={16}>
          {types.map((type) => (
            <Col span={8} key={type}>
              <Form.Item label={t(`organizations.quotaTypes.${type}`)} name={['staffing', type]}>
                <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} aria-label={t(`organizations.quotaTypes.${type}`)} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Modal>
  );
}
