import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { App, Col, Form, Input, InputNumber, Modal, Row, Select, Switch, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { isValidCreditCode } from '@bianzhi/domain/identifiers';
import { fundingForms, institutionClasses, organizationKinds, organizationRanks } from '@bianzhi/domain/organization';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { OrganizationPicker } from './organization-picker.js';
import { RefusalAlert } from './policy-refusal.js';
import { useRegistryRefresh } from './use-organization-tree.js';

interface Values {
  jurisdictionId: string;
  name: string;
  kind: (typeof organizationKinds)[number];
  institutionClass?: (typeof institutionClasses)[number];
  funding?: (typeof fundingForms)[number];
  rank?: (typeof organizationRanks)[number];
  plannedQuota?: number;
  parentId?: string | null;
  offsetOrganizationId?: string | null;
  creditCode?: string;
  classified?: boolean;
  documentNumber?: string;
  effectiveDate?: string;
}

/**
 * 新设机构: checked against the jurisdiction's policy rules when saved. Fields validate as they are
 * typed (the credit code's check character included); a refusal lists each broken rule.
 */
export function CreateOrganizationModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const refresh = useRegistryRefresh();
  const { treeData } = useJurisdictionOptions();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const [refusal, setRefusal] = useState<ServerError | null>(null);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setRefusal(null);
    }
  }, [open, form]);

  const create = useMutation(
    trpc.registry.organization.create.mutationOptions({
      onSuccess: async (created) => {
        message.success(t('organizations.created', { name: created.name }));
        await refresh();
        onClose();
        onCreated(created.id);
      },
      onError: (error) => {
        const described = describeServerError(error, t('errors.network'));
        const fields = Object.entries(described.fieldErrors);
        if (fields.length) form.setFields(fields.map(([name, text]) => ({ name: name as keyof Values, errors: [text] })));
        if (described.domainCode === 'CREDIT_CODE_INVALID' || described.domainCode === 'CREDIT_CODE_TAKEN') form.setFields([{ name: 'creditCode', errors: [described.message] }]);
        else setRefusal(described);
      },
    }),
  );

  const submit = (values: Values) => {
    setRefusal(null);
    create.mutate({
      jurisdictionId: values.jurisdictionId,
      name: values.name,
      kind: values.kind,
      basis: 'establish',
      institutionClass: values.kind === 'institution' ? (values.institutionClass ?? null) : null,
      funding: values.funding ?? null,
      rank: values.rank ?? 'none',
      plannedQuota: values.plannedQuota ?? null,
      parentId: values.parentId ?? null,
      offsetOrganizationId: values.offsetOrganizationId ?? undefined,
      creditCode: values.creditCode ? values.creditCode : null,
      classified: values.classified ?? false,
      documentNumber: values.documentNumber || undefined,
      effectiveDate: values.effectiveDate || undefined,
    });
  };

  const required = { required: true, message: t('organizations.form.required') };
  return (
    <Modal title={t('organizations.create')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending} width={760} destroyOnHidden={false}>
      <RefusalAlert error={refusal} />
      <Form<Values> form={form} layout="vertical" preserve onFinish={submit} initialValues={{ kind: 'institution', rank: 'none', classified: false }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label={t('organizations.form.jurisdiction')} name="jurisdictionId" rules={[required]}>
              <TreeSelect treeData={treeData} treeDefaultExpandAll showSearch treeNodeFilterProp="title" aria-label={t('organizations.form.jurisdiction')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('organizations.form.name')} name="name" validateTrigger="onChange" rules={[{ ...required, whitespace: true }, { max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('organizations.form.kind')} name="kind" rules={[required]}>
              <Select aria-label={t('organizations.form.kind')} options={organizationKinds.map((value) => ({ value, label: t(`organizations.kinds.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('organizations.form.institutionClass')} name="institutionClass" rules={kind === 'institution' ? [required] : []} hidden={kind !== 'institution'}>
              <Select aria-label={t('organizations.form.institutionClass')} options={institutionClasses.map((value) => ({ value, label: t(`organizations.classes.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('organizations.form.plannedQuota')} name="plannedQuota" extra={kind === 'institution' ? t('organizations.form.plannedQuotaHelp') : undefined}>
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} aria-label={t('organizations.form.plannedQuota')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('organizations.form.funding')} name="funding">
              <Select allowClear aria-label={t('organizations.form.funding')} options={fundingForms.map((value) => ({ value, label: t(`organizations.funding.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('organizations.form.rank')} name="rank">
              <Select aria-label={t('organizations.form.rank')} options={organizationRanks.map((value) => ({ value, label: t(`organizations.ranks.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('organizations.form.classified')} name="classified" valuePropName="checked">
              <Switch aria-label={t('organizations.form.classified')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('organizations.form.parent')} name="parentId">
              <OrganizationPicker ariaLabel={t('organizations.form.parent')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('organizations.form.offset')} name="offsetOrganizationId" extra={t('organizations.form.offsetHelp')}>
              <OrganizationPicker ariaLabel={t('organizations.form.offset')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label={t('organizations.form.creditCode')}
              name="creditCode"
              validateTrigger="onChange"
              normalize={(v: string) => v.toUpperCase().trim()}
              rules={[{ validator: async (_, v: string | undefined) => { if (v && (v.length < 18 || !isValidCreditCode(v))) throw new Error(t('organizations.form.creditCodeInvalid')); } }]}
            >
              <Input maxLength={18} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('organizations.form.documentNumber')} name="documentNumber">
              <Input maxLength={100} placeholder="示编〔2026〕1号" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('organizations.form.effectiveDate')} name="effectiveDate">
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
