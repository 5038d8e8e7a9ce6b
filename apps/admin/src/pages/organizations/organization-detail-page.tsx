import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useMutation, useQuery, type MutationFunction } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Descriptions, Dropdown, Empty, Form, Input, InputNumber, List, Modal, Result, Select, Space, Spin, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DepartmentDto, OrganizationDetailDto, ThreeDeterminationsDto } from '@bianzhi/contracts/registry';
import { departmentTypes, fundingForms, institutionClasses, isLive, organBranches, organizationRanks } from '@bianzhi/domain/organization';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { RefusalAlert } from './policy-refusal.js';
import { useRegistryRefresh } from './use-organization-tree.js';
import { statusColors } from './organizations-page.js';
import { StandardTab } from './standard-tab.js';
import { AuxiliaryTab } from './auxiliary-tab.js';
import { PurchaseTab } from './purchase-tab.js';
import { QuotaTab } from './quota-tab.js';
import { PublishDocumentModal } from './publish-document-modal.js';
import { OrganizationPicker } from './organization-picker.js';
import { useFileMatter, type MatterFields } from '../matters/file-matter.js';
import { emptyOrFailed, LoadFailed } from '../load-state.js';
import { TargetFlag } from '../supervision/target-view.js';
import { PowerListTab } from '../power-lists/power-list-tab.js';
import { AuthorityListTab } from '../power-lists/authority-list-tab.js';
import { RegistrationTab } from '../registration/registration-tab.js';

/** A change with its legal basis: the document number and the date it takes effect. */
function useChange<TData, TInput>(mutation: { mutationFn?: MutationFunction<TData, TInput> }, onDone: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRegistryRefresh();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const run = useMutation({
    mutationFn: mutation.mutationFn,
    onSuccess: async () => {
      message.success(t('common.saved'));
      setRefusal(null);
      await refresh();
      onDone();
    },
    onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
  });
  const clear = useCallback(() => setRefusal(null), []);
  return { run, refusal, clear };
}

function BasisFields() {
  const { t } = useTranslation();
  return (
    <Space>
      <Form.Item label={t('organizations.form.documentNumber')} name="documentNumber">
        <Input maxLength={100} placeholder="示编〔2026〕1号" />
      </Form.Item>
      <Form.Item label={t('organizations.form.effectiveDate')} name="effectiveDate">
        <Input type="date" />
      </Form.Item>
    </Space>
  );
}

type EditValues = { institutionClass?: string | null; organBranch?: string | null; funding?: string | null; plannedQuota?: number | null; creditCode?: string; documentNumber?: string; effectiveDate?: string };

function EditModal({ organization, open, onClose }: { organization: OrganizationDetailDto; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [form] = Form.useForm<EditValues>();
  const change = useChange(trpc.registry.organization.update.mutationOptions(), onClose);
  const { clear } = change;
  // A branch or class once set is changed by the level above (the unit's own jurisdiction may only fill in a missing one).
  const branchFixed = !organization.mayChangeCategory && organization.organBranch !== null;
  const classFixed = !organization.mayChangeCategory && organization.institutionClass !== null;
  useEffect(() => {
    if (open) {
      form.setFieldsValue({ ...organization, creditCode: organization.creditCode ?? '', documentNumber: undefined, effectiveDate: undefined });
      clear();
    }
  }, [open, form, clear]); // filled once per opening, not again on a background refetch
  return (
    <Modal title={t('organizations.detail.edit')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={change.run.isPending} width={640}>
      <RefusalAlert error={change.refusal} />
      <Form<EditValues>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          change.run.mutate({
            id: organization.id,
            expectedVersion: organization.version,
            changes: {
              funding: (v.funding ?? null) as OrganizationDetailDto['funding'],
              plannedQuota: v.plannedQuota ?? null,
              creditCode: v.creditCode ? v.creditCode : null,
              ...(organization.kind === 'institution' && !classFixed ? { institutionClass: (v.institutionClass ?? null) as OrganizationDetailDto['institutionClass'] } : {}),
              ...(organization.kind === 'organ' && !branchFixed ? { organBranch: (v.organBranch ?? null) as OrganizationDetailDto['organBranch'] } : {}),
            },
            documentNumber: v.documentNumber || undefined,
            effectiveDate: v.effectiveDate || undefined,
          })
        }
      >
        <Typography.Paragraph type="secondary">{t('organizations.matter.editHint')}</Typography.Paragraph>
        <Space wrap>
          {organization.kind === 'institution' && (
            <Form.Item label={t('organizations.form.institutionClass')} name="institutionClass" tooltip={classFixed ? t('organizations.form.categoryDecidedAbove') : undefined}>
              <Select disabled={classFixed} style={{ width: 160 }} options={institutionClasses.map((value) => ({ value, label: t(`organizations.classes.${value}`) }))} />
            </Form.Item>
          )}
          {organization.kind === 'organ' && (
            <Form.Item label={t('organizations.form.organBranch')} name="organBranch" tooltip={branchFixed ? t('organizations.form.categoryDecidedAbove') : undefined}>
              <Select disabled={branchFixed} allowClear style={{ width: 160 }} options={organBranches.map((value) => ({ value, label: t(`organizations.branches.${value}`) }))} />
            </Form.Item>
          )}
          <Form.Item label={t('organizations.form.funding')} name="funding">
            <Select allowClear style={{ width: 140 }} options={fundingForms.map((value) => ({ value, label: t(`organizations.funding.${value}`) }))} />
          </Form.Item>
          <Form.Item label={t('organizations.form.plannedQuota')} name="plannedQuota">
            <InputNumber min={0} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item label={t('organizations.form.creditCode')} name="creditCode" normalize={(v: string) => v.toUpperCase().trim()}>
          <Input maxLength={18} />
        </Form.Item>
        <BasisFields />
      </Form>
    </Modal>
  );
}

/** The establishment changes filed as matters from a unit's page (机构编制事项). */
const unitMatterActions = ['rename', 'rerank', 'merge', 'convert', 'abolish'] as const;
type UnitMatterAction = (typeof unitMatterActions)[number];
type UnitMatterValues = MatterFields & { name?: string; rank?: OrganizationDetailDto['rank']; targetId?: string; keepName?: boolean };

/**
 * Files a change of this unit as a matter: rename (更名), re-rank (规格调整), merge into another unit
 * (合并), convert to an enterprise (转企改制) or abolish (撤销). It takes effect once approved,
 * under the approval's document number; until then the unit stays as it is.
 */
function UnitMatterModal({ organization, action, onClose }: { organization: OrganizationDetailDto; action: UnitMatterAction | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UnitMatterValues>();
  const matter = useFileMatter(onClose, t('organizations.matter.chainHint'));
  useEffect(() => {
    if (action) form.resetFields();
  }, [action, form]);
  const submit = (v: UnitMatterValues) => {
    if (!action) return;
    const id = organization.id;
    const change =
      action === 'rename' ? { action, organizationId: id, name: v.name! } : action === 'rerank' ? { action, organizationId: id, rank: v.rank! } : action === 'merge' ? { action, sourceIds: [id], targetId: v.targetId!, keepNamesAsNameplates: Boolean(v.keepName) } : { action, organizationId: id };
    void matter.submit(t(`organizations.matter.titles.${action}`, { name: organization.name, to: v.name ?? '' }), v, { organization: change });
  };
  const required = { required: true, message: t('organizations.form.required') };
  return (
    <Modal title={action ? t(`organizations.matter.actions.${action}`) : ''} open={action !== null} onCancel={onClose} onOk={() => form.submit()} okText={t('organizations.matter.file')} cancelText={t('common.cancel')} confirmLoading={matter.pending} width={640}>
      {(action === 'abolish' || action === 'convert') && <Typography.Paragraph>{t(`organizations.detail.${action}Confirm`, { name: organization.name })}</Typography.Paragraph>}
      <RefusalAlert error={matter.refusal} />
      <Form<UnitMatterValues> form={form} layout="vertical" onFinish={submit} initialValues={{ rank: organization.rank, keepName: true }}>
        {action === 'rename' && (
          <Form.Item label={t('organizations.matter.newName')} name="name" rules={[{ ...required, whitespace: true }, { max: 200 }]}>
            <Input maxLength={200} aria-label={t('organizations.matter.newName')} />
          </Form.Item>
        )}
        {action === 'rerank' && (
          <Form.Item label={t('organizations.matter.newRank')} name="rank" rules={[required]}>
            <Select aria-label={t('organizations.matter.newRank')} options={organizationRanks.map((value) => ({ value, label: t(`organizations.ranks.${value}`) }))} />
          </Form.Item>
        )}
        {action === 'merge' && (
          <>
            <Form.Item label={t('organizations.matter.mergeInto')} name="targetId" rules={[required]}>
              <OrganizationPicker ariaLabel={t('organizations.matter.mergeInto')} />
            </Form.Item>
            <Form.Item name="keepName" valuePropName="checked">
              <Checkbox>{t('organizations.matter.keepName')}</Checkbox>
            </Form.Item>
          </>
        )}
        {matter.fields}
      </Form>
    </Modal>
  );
}

function DepartmentsTab({ organization, editable }: { organization: OrganizationDetailDto; editable: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ name: string; type: DepartmentDto['type']; headcount: number }>();
  const change = useChange(trpc.registry.department.create.mutationOptions(), () => setAdding(false));
  const departments = organization.departments;
  const total = departments.reduce((sum, d) => sum + d.headcount, 0);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('organizations.departments.summary', { count: departments.length, total, average: departments.length ? (total / departments.length).toFixed(1) : '0' })}</Typography.Text>
        {editable && !organization.asOf && (
          <Button size="small" onClick={() => { form.resetFields(); change.clear(); setAdding(true); }}>
            {t('organizations.departments.add')}
          </Button>
        )}
      </Space>
      <Table<OrganizationDetailDto['departments'][number]>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={departments}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { title: t('organizations.departments.name'), dataIndex: 'name' },
          { title: t('organizations.departments.type'), dataIndex: 'type', width: 100, render: (v: DepartmentDto['type']) => t(`organizations.departments.types.${v}`) },
          { title: t('organizations.departments.headcount'), dataIndex: 'headcount', width: 100 },
          {
            title: t('organizations.departments.posts'),
            dataIndex: 'leadershipPosts',
            render: (posts: DepartmentDto['leadershipPosts']) => Object.entries(posts).map(([rank, n]) => `${t(`organizations.ranks.${rank}`)}${n}`).join('、'),
          },
        ]}
      />
      <Modal title={t('organizations.departments.add')} open={adding} onCancel={() => setAdding(false)} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={change.run.isPending}>
        <RefusalAlert error={change.refusal} />
        <Form form={form} layout="vertical" initialValues={{ type: 'office' }} onFinish={(v) => change.run.mutate({ organizationId: organization.id, department: { ...v, leadershipPosts: {}, functions: '' } })}>
          <Form.Item label={t('organizations.departments.name')} name="name" rules={[{ required: true, whitespace: true, message: t('organizations.form.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Space>
            <Form.Item label={t('organizations.departments.type')} name="type">
              <Select style={{ width: 120 }} options={departmentTypes.map((value) => ({ value, label: t(`organizations.departments.types.${value}`) }))} />
            </Form.Item>
            <Form.Item label={t('organizations.departments.headcount')} name="headcount" rules={[{ required: true, message: t('organizations.form.required') }]}>
              <InputNumber min={0} precision={0} aria-label={t('organizations.departments.headcount')} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

function ThreeDeterminationsTab({ organization, editable }: { organization: OrganizationDetailDto; editable: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [publishing, setPublishing] = useState(false);
  const documents = useQuery(trpc.registry.threeDeterminations.list.queryOptions({ organizationId: organization.id }));
  if (documents.isPending) return <Spin />;
  if (documents.isError) return <LoadFailed compact error={documents.error} onRetry={() => void documents.refetch()} />;
  const latest = documents.data.reduce<ThreeDeterminationsDto | null>((newest, d) => (!newest || d.version > newest.version ? d : newest), null);
  const publish = editable && (
    <>
      <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setPublishing(true)}>
        {t('organizations.documents.publish')}
      </Button>
      <PublishDocumentModal organization={organization} latest={latest} open={publishing} onClose={() => setPublishing(false)} />
    </>
  );
  if (!documents.data.length) return <>{publish}<Empty description={t('organizations.documents.none')} /></>;
  return (
    <>
      {publish}
      <List
        locale={emptyOrFailed(documents)}
        dataSource={documents.data}
        renderItem={(doc) => (
          <Card size="small" style={{ marginBottom: 12 }} title={`${doc.documentNumber}（${t('organizations.documents.version', { version: doc.version })}）`} extra={t('organizations.documents.effective', { date: doc.effectiveDate })}>
            <Typography.Title level={5}>{t('organizations.documents.functions')}</Typography.Title>
            <ol>{doc.functions.map((f) => <li key={f}>{f}</li>)}</ol>
            <Typography.Title level={5}>{t('organizations.documents.departments')}</Typography.Title>
            <Typography.Paragraph>{doc.departments.map((d) => `${d.name}（${d.headcount}）`).join('、') || '—'}</Typography.Paragraph>
            <Typography.Title level={5}>{t('organizations.documents.staffing')}</Typography.Title>
            <Typography.Paragraph>
              {Object.entries(doc.staffing).map(([type, n]) => `${t(`organizations.quotaTypes.${type}`)} ${n}`).join('；')}
              {Object.keys(doc.leadershipPosts).length > 0 && `；${t('organizations.documents.posts')} ${Object.entries(doc.leadershipPosts).map(([rank, n]) => `${t(`organizations.ranks.${rank}`)}${n}`).join('、')}`}
            </Typography.Paragraph>
          </Card>
        )}
      />
    </>
  );
}

function HistoryTab({ organizationId, asOf, onAsOf }: { organizationId: string; asOf: string; onAsOf: (date: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const history = useQuery(trpc.registry.organization.history.queryOptions({ id: organizationId }));
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Typography.Text>{t('organizations.history.asOf')}</Typography.Text>
        <Input type="date" value={asOf} onChange={(e) => onAsOf(e.target.value)} aria-label={t('organizations.history.asOf')} style={{ width: 180 }} />
        {asOf && <Button onClick={() => onAsOf('')}>{t('organizations.history.now')}</Button>}
      </Space>
      {history.isPending ? (
        <Spin />
      ) : history.isError ? (
        <LoadFailed compact error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <Timeline
          items={(history.data ?? []).map((v) => ({
            key: v.version,
            children: (
              <div>
                <Typography.Text strong>{v.effectiveDate}</Typography.Text> {t(`organizations.history.changes.${v.change}`, { defaultValue: v.change })}
                {v.documentNumber && <Typography.Text type="secondary">（{v.documentNumber}）</Typography.Text>}
                <div>
                  <Typography.Text type="secondary">
                    {v.snapshot.name} · {t(`organizations.statuses.${v.snapshot.status}`)} · {v.actor.name ?? v.actor.id}
                    {v.reason ? ` · ${v.reason}` : ''}
                  </Typography.Text>
                </div>
              </div>
            ),
          }))}
        />
      )}
    </>
  );
}

/** 正式设立: a planned unit (筹建) becomes active, e.g. after an establishment that stopped before its last step. */
function ActivateButton({ organization }: { organization: OrganizationDetailDto }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message, modal } = App.useApp();
  const refresh = useRegistryRefresh();
  const activate = useMutation(
    trpc.registry.organization.activate.mutationOptions({
      onSuccess: async () => {
        message.success(t('organizations.detail.activated', { name: organization.name }));
        await refresh();
      },
      onError: (error) => void message.error(describeServerError(error, t('errors.network')).message),
    }),
  );
  return (
    <Button
      type="primary"
      loading={activate.isPending}
      onClick={() => modal.confirm({ title: t('organizations.detail.activate'), content: t('organizations.detail.activateConfirm', { name: organization.name }), okText: t('common.confirm'), cancelText: t('common.cancel'), onOk: () => activate.mutateAsync({ id: organization.id }).catch(() => undefined) })}
    >
      {t('organizations.detail.activate')}
    </Button>
  );
}

function OrganizationDetail() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { organizationId } = useParams({ from: '/app/organizations/$organizationId' });
  const [asOf, setAsOf] = useState('');
  const [editing, setEditing] = useState(false);
  const [filing, setFiling] = useState<UnitMatterAction | null>(null);
  const canManage = useCan('registry.organization.manage');
  const canFile = useCan('approval.matter.file');
  const canActivate = useCan('registry.organization.activate');
  const canReadQuota = useCan('ledger.account.read');
  const canReadStandards = useCan('analysis.read');
  const canReadWorkforce = useCan('ledger.workforce.read');
  const detail = useQuery(trpc.registry.organization.get.queryOptions({ id: organizationId, ...(asOf ? { asOf } : {}) }));
  if (detail.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (detail.isError) {
    const described = describeServerError(detail.error, t('errors.network'));
    return <Result status={described.status === 404 ? '404' : 'error'} title={described.message} extra={<Button onClick={() => (asOf ? setAsOf('') : void navigate({ to: '/organizations' }))}>{asOf ? t('organizations.history.now') : t('organizations.detail.back')}</Button>} />;
  }
  const organization = detail.data;
  const editable = Boolean(canManage) && isLive(organization.status) && !asOf;
  const dash = '—';
  return (
    <Card
      title={
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }}>{organization.name}</Typography.Title>
          <Tag color={statusColors[organization.status]}>{t(`organizations.statuses.${organization.status}`)}</Tag>
          {organization.classified && <Tag color="red">{t('organizations.detail.classified')}</Tag>}
          <TargetFlag organizationId={organization.id} />
          {asOf && <Tag color="gold">{t('organizations.history.viewingAsOf', { date: asOf })}</Tag>}
        </Space>
      }
      extra={
        <Space>
          <Button onClick={() => void navigate({ to: '/organizations' })}>{t('organizations.detail.back')}</Button>
          {canActivate && organization.status === 'planned' && !asOf && <ActivateButton organization={organization} />}
          {editable && <Button type="primary" onClick={() => setEditing(true)}>{t('organizations.detail.edit')}</Button>}
          {canFile && isLive(organization.status) && !asOf && (
            <Dropdown menu={{ items: unitMatterActions.filter((a) => a !== 'convert' || organization.kind === 'institution').map((a) => ({ key: a, label: t(`organizations.matter.actions.${a}`), danger: a === 'abolish' })), onClick: ({ key }) => setFiling(key as UnitMatterAction) }}>
              <Button>{t('organizations.matter.menu')}</Button>
            </Dropdown>
          )}
        </Space>
      }
    >
      <Tabs
        items={[
          {
            key: 'basic',
            label: t('organizations.detail.tabs.basic'),
            children: (
              <Descriptions bordered size="small" column={2}>
                <Descriptions.Item label={t('organizations.columns.jurisdiction')}>{organization.jurisdictionName}</Descriptions.Item>
                <Descriptions.Item label={t('organizations.columns.kind')}>{t(`organizations.kinds.${organization.kind}`)}</Descriptions.Item>
                {organization.kind === 'organ' ? (
                  <Descriptions.Item label={t('organizations.form.organBranch')}>{organization.organBranch ? t(`organizations.branches.${organization.organBranch}`) : dash}</Descriptions.Item>
                ) : (
                  <Descriptions.Item label={t('organizations.form.institutionClass')}>{organization.institutionClass ? t(`organizations.classes.${organization.institutionClass}`) : dash}</Descriptions.Item>
                )}
                <Descriptions.Item label={t('organizations.form.funding')}>{organization.funding ? t(`organizations.funding.${organization.funding}`) : dash}</Descriptions.Item>
                <Descriptions.Item label={t('organizations.form.rank')}>{t(`organizations.ranks.${organization.rank}`)}</Descriptions.Item>
                <Descriptions.Item label={t('organizations.form.parent')}>{organization.parentName ?? dash}</Descriptions.Item>
                <Descriptions.Item label={t('organizations.form.creditCode')}>{organization.creditCode ?? dash}</Descriptions.Item>
                <Descriptions.Item label={t('organizations.form.plannedQuota')}>{organization.plannedQuota ?? dash}</Descriptions.Item>
                <Descriptions.Item label={t('organizations.detail.nameplates')} span={2}>
                  {organization.nameplates.length ? organization.nameplates.map((n) => <Tag key={n.name}>{n.name}（{t(`organizations.nameplateKinds.${n.kind}`)}）</Tag>) : dash}
                </Descriptions.Item>
                <Descriptions.Item label={t('organizations.detail.lastChange')}>{organization.effectiveDate}{organization.documentNumber ? `（${organization.documentNumber}）` : ''}</Descriptions.Item>
                <Descriptions.Item label={t('organizations.detail.successor')}>{organization.successorName ?? dash}</Descriptions.Item>
              </Descriptions>
            ),
          },
          ...(canReadQuota ? [{ key: 'quota', label: t('organizations.detail.tabs.quota'), children: <QuotaTab organizationId={organizationId} organizationName={organization.name} /> }] : []),
          ...(canReadStandards ? [{ key: 'standard', label: t('standards.unit.title'), children: <StandardTab organizationId={organizationId} organizationName={organization.name} /> }] : []),
          ...(canReadWorkforce ? [{ key: 'auxiliary', label: t('workforce.auxiliary.tab'), children: <AuxiliaryTab organizationId={organizationId} /> }, { key: 'purchase', label: t('workforce.purchase.tab'), children: <PurchaseTab organizationId={organizationId} /> }] : []),
          { key: 'departments', label: t('organizations.detail.tabs.departments'), children: <DepartmentsTab organization={organization} editable={editable} /> },
          { key: 'documents', label: t('organizations.detail.tabs.documents'), children: <ThreeDeterminationsTab organization={organization} editable={editable} /> },
          { key: 'power', label: t('organizations.detail.tabs.power'), children: <PowerListTab organizationId={organizationId} organizationName={organization.name} /> },
          ...(organization.kind === 'institution' ? [{ key: 'authority', label: t('serviceGuides.authority.tab'), children: <AuthorityListTab organizationId={organizationId} organizationName={organization.name} /> }] : []),
          ...(organization.kind === 'institution' ? [{ key: 'registration', label: t('registration.tab'), children: <RegistrationTab organizationId={organizationId} /> }] : []),
          { key: 'history', label: t('organizations.detail.tabs.history'), children: <HistoryTab organizationId={organizationId} asOf={asOf} onAsOf={setAsOf} /> },
        ]}
      />
      <EditModal organization={organization} open={editing} onClose={() => setEditing(false)} />
      <UnitMatterModal organization={organization} action={filing} onClose={() => setFiling(null)} />
    </Card>
  );
}

export function OrganizationDetailPage() {
  return (
    <RequirePermission permission="registry.organization.read">
      <OrganizationDetail />
    </RequirePermission>
  );
}
