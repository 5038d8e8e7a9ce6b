import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Col, Divider, Form, Input, InputNumber, Modal, Row, Select, Switch, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { unallocatedPoolOf, type QuotaType } from '@bianzhi/contracts/ledger';
import { isValidCreditCode } from '@bianzhi/domain/identifiers';
import { fundingForms, institutionClasses, organBranches, organizationKinds, organizationRanks } from '@bianzhi/domain/organization';
import { useCan } from '../../api/me.js';
import { useTRPC } from '../../api/trpc.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { useFileMatter, type MatterFields } from '../matters/file-matter.js';
import { DepartmentRows, functionLines, type DepartmentRow } from './department-rows.js';
import { OrganizationPicker } from './organization-picker.js';
import { RefusalAlert } from './policy-refusal.js';

interface Values extends MatterFields {
  jurisdictionId: string;
  name: string;
  kind: (typeof organizationKinds)[number];
  institutionClass?: (typeof institutionClasses)[number];
  organBranch?: (typeof organBranches)[number];
  funding?: (typeof fundingForms)[number];
  rank?: (typeof organizationRanks)[number];
  plannedQuota?: number;
  parentId?: string | null;
  offsetOrganizationId?: string | null;
  creditCode?: string;
  classified?: boolean;
  allocation?: Partial<Record<QuotaType, number | null>>;
  functions?: string;
  departments?: DepartmentRow[];
}

/** The quota a new unit of each kind is staffed with; the first is the one its planned quota counts. */
const quotaTypesOf: Record<(typeof organizationKinds)[number], QuotaType[]> = {
  institution: ['institution'],
  organ: ['administrative', 'organ_worker'],
  dispatched: ['administrative'],
};

/**
 * 新设机构 is a matter (机构编制事项): the unit, its first quota from the jurisdiction's pool and its
 * first 三定规定 are filed with the request, go through 受理 → 审核 → 审批, and once approved the
 * platform establishes the unit under the approval's document number (the matter page follows the
 * run). Everything a filer can get wrong (policy rules, department rules, the pool's balance, the
 * credit code) is refused when filing, before anything exists, with each broken rule listed.
 */
export function CreateOrganizationModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { treeData } = useJurisdictionOptions();
  const canReadQuota = useCan('ledger.account.read');
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'institution';
  const jurisdictionId = Form.useWatch('jurisdictionId', form);
  const pools = useQuery({ ...trpc.ledger.account.list.queryOptions({ holderId: jurisdictionId ?? '' }), enabled: open && Boolean(jurisdictionId) && Boolean(canReadQuota) });
  const unallocated = (ledger: QuotaType) => unallocatedPoolOf(pools.data ?? [], ledger)?.balance;
  const matter = useFileMatter(onClose, t('organizations.establish.chainHint'));

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = (values: Values) => {
    const quotaTypes = quotaTypesOf[values.kind];
    const allocation = Object.fromEntries(quotaTypes.flatMap((type) => (values.allocation?.[type] ? [[type, values.allocation[type]]] : [])));
    const functions = functionLines(values.functions);
    void matter.submit(t('organizations.establish.matterTitle', { name: values.name }), values, {
      organization: {
        action: 'establish',
        unit: {
          jurisdictionId: values.jurisdictionId,
          name: values.name,
          kind: values.kind,
          quotaTypes,
          institutionClass: values.kind === 'institution' ? values.institutionClass : undefined,
          organBranch: values.kind === 'organ' ? (values.organBranch ?? null) : null,
          funding: values.funding ?? null,
          rank: values.rank ?? 'none',
          plannedQuota: values.plannedQuota ?? undefined,
          parentId: values.parentId ?? null,
          offsetOrganizationId: values.offsetOrganizationId ?? undefined,
          creditCode: values.creditCode ? values.creditCode : null,
          classified: values.classified ?? false,
          allocation,
          threeDeterminations: functions.length > 0 ? { functions, departments: (values.departments ?? []).map((d) => ({ ...d, leadershipPosts: {}, functions: '' })), leadershipPosts: {} } : undefined,
        },
      },
    });
  };

  const required = { required: true, message: t('organizations.form.required') };
  return (
    <Modal title={t('organizations.create')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('organizations.establish.submit')} cancelText={t('common.cancel')} confirmLoading={matter.pending} width={860} destroyOnHidden={false}>
      <RefusalAlert error={matter.refusal} />
      <Form<Values>
        form={form}
        layout="vertical"
        preserve
        onFinish={submit}
        initialValues={{ kind: 'institution', rank: 'none', classified: false }}
        onValuesChange={(changed: Partial<Values>) => {
          // The planned quota is what is usually allocated at once; the allocation follows it until edited.
          const main = quotaTypesOf[form.getFieldValue('kind') as Values['kind']][0]!;
          if ('plannedQuota' in changed && !form.isFieldTouched(['allocation', main])) form.setFieldValue(['allocation', main], changed.plannedQuota ?? null);
        }}
      >
        <Divider titlePlacement="start" plain>{t('organizations.establish.sections.unit')}</Divider>
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
            <Form.Item label={t('organizations.form.organBranch')} name="organBranch" hidden={kind !== 'organ'} extra={t('organizations.form.organBranchHelp')}>
              <Select allowClear aria-label={t('organizations.form.organBranch')} options={organBranches.map((value) => ({ value, label: t(`organizations.branches.${value}`) }))} />
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
        </Row>
        <Divider titlePlacement="start" plain>{t('organizations.establish.sections.quota')}</Divider>
        <Row gutter={16}>
          {quotaTypesOf[kind].map((type) => {
            const available = unallocated(type);
            return (
              <Col span={8} key={type}>
                <Form.Item
                  label={t('organizations.establish.allocation', { type: t(`organizations.quotaTypes.${type}`) })}
                  name={['allocation', type]}
                  extra={jurisdictionId && canReadQuota ? (available === undefined ? t('organizations.establish.noPool') : t('organizations.establish.available', { count: available })) : undefined}
                  rules={[{ validator: async (_, v: number | null | undefined) => { if (v && available !== undefined && v > available) throw new Error(t('organizations.establish.overPool', { count: available })); } }]}
                >
                  <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} aria-label={t('organizations.establish.allocation', { type: t(`organizations.quotaTypes.${type}`) })} />
                </Form.Item>
              </Col>
            );
          })}
        </Row>
        <Divider titlePlacement="start" plain>{t('organizations.establish.sections.document')}</Divider>
        <Form.Item label={t('organizations.establish.functions')} name="functions" extra={t('organizations.establish.functionsHelp')}>
          <Input.TextArea rows={3} maxLength={20000} aria-label={t('organizations.establish.functions')} />
        </Form.Item>
        <DepartmentRows />
        <Divider titlePlacement="start" plain>{t('organizations.establish.sections.request')}</Divider>
        {matter.fields}
      </Form>
    </Modal>
  );
}
