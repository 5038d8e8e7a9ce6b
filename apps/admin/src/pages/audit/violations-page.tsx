import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Descriptions, Drawer, Form, Input, List, Modal, Select, Space, Table, Tag, Typography, Upload, type UploadFile } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { violationKinds, type EvidenceDto, type ViolationDto, type ViolationKind, type ViolationStatus } from '@bianzhi/contracts/audit';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { useDateFormat } from '../use-date-format.js';
import { downloadBase64, fileToBase64 } from '../download.js';
import { emptyOrFailed } from '../load-state.js';
import { TalkModal } from './notices-page.js';

const statusColors: Record<ViolationStatus, string> = { open: 'red', rectifying: 'orange', closed: 'green' };

/** Files picked in an Upload, read for a JSON request. */
async function evidenceOf(files: UploadFile[] | undefined) {
  return Promise.all((files ?? []).map(async (f) => ({ fileName: f.name, contentType: f.type || 'application/octet-stream', contentBase64: await fileToBase64(f.originFileObj as File) })));
}

function EvidenceField() {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('violations.form.evidence')} name="evidence" valuePropName="fileList" getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList} extra={t('violations.form.evidenceHelp')}>
      <Upload multiple beforeUpload={() => false} accept=".pdf,.ofd,.jpg,.jpeg,.png,.txt,.doc,.docx,.xls,.xlsx">
        <Button icon={<UploadOutlined />}>{t('violations.form.pick')}</Button>
      </Upload>
    </Form.Item>
  );
}

/** A form in a modal that sends one mutation and shows the server's refusal above the fields. */
function useFormModal() {
  const { t } = useTranslation();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  return { refusal, onError: (error: unknown) => setRefusal(describeServerError(error, t('errors.network'))), reset: () => setRefusal(null) };
}

function OpenViolationModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ organizationId: string; kind: ViolationKind; title: string; description?: string; deadline: string; evidence?: UploadFile[] }>();
  const status = useFormModal();
  const create = useMutation(
    trpc.audit.violation.open.mutationOptions({
      onSuccess: async (violation) => {
        message.success(t('violations.opened', { title: violation.title }));
        await queryClient.invalidateQueries({ queryKey: trpc.audit.violation.list.queryKey() });
        form.resetFields();
        status.reset();
        onClose();
      },
      onError: status.onError,
    }),
  );
  const required = [{ required: true, whitespace: true, message: t('violations.form.required') }];
  return (
    <Modal title={t('violations.open')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending} destroyOnHidden width={640}>
      <RefusalAlert error={status.refusal} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'over_quota_hiring' }}
        onFinish={async (v) => create.mutate({ organizationId: v.organizationId, kind: v.kind, title: v.title, description: v.description ?? '', deadline: v.deadline, evidence: await evidenceOf(v.evidence) })}
      >
        <Form.Item label={t('violations.form.unit')} name="organizationId" rules={[{ required: true, message: t('violations.form.required') }]}>
          <OrganizationPicker ariaLabel={t('violations.form.unit')} />
        </Form.Item>
        <Space>
          <Form.Item label={t('violations.form.kind')} name="kind">
            <Select style={{ width: 180 }} aria-label={t('violations.form.kind')} options={violationKinds.map((value) => ({ value, label: t(`violations.kinds.${value}`) }))} />
          </Form.Item>
          <Form.Item label={t('violations.form.deadline')} name="deadline" rules={required}>
            <Input type="date" aria-label={t('violations.form.deadline')} />
          </Form.Item>
        </Space>
        <Form.Item label={t('violations.form.title')} name="title" rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('violations.form.description')} name="description">
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <EvidenceField />
      </Form>
    </Modal>
  );
}

/** 报告整改 (the unit) or 复核关闭 (the inspector), on one violation. */
function ActionModal({ violation, action, onClose }: { violation: ViolationDto | null; action: 'report' | 'close'; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string; evidence?: UploadFile[] }>();
  const status = useFormModal();
  const done = async (text: string) => {
    message.success(text);
    await queryClient.invalidateQueries({ queryKey: trpc.audit.violation.list.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.audit.violation.get.queryKey() });
    form.resetFields();
    status.reset();
    onClose();
  };
  const report = useMutation(trpc.audit.violation.update.mutationOptions({ onSuccess: () => done(t('violations.reported')), onError: status.onError }));
  const close = useMutation(trpc.audit.violation.close.mutationOptions({ onSuccess: () => done(t('violations.closed')), onError: status.onError }));
  const label = action === 'report' ? t('violations.form.rectification') : t('violations.form.conclusion');
  return (
    <Modal
      title={`${action === 'report' ? t('violations.report') : t('violations.close')}：${violation?.title ?? ''}`}
      open={violation !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={report.isPending || close.isPending}
      destroyOnHidden
    >
      <RefusalAlert error={status.refusal} />
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          if (!violation) return;
          if (action === 'report') report.mutate({ id: violation.id, rectification: v.text, evidence: await evidenceOf(v.evidence) });
          else close.mutate({ id: violation.id, conclusion: v.text });
        }}
      >
        <Form.Item label={label} name="text" rules={[{ required: true, whitespace: true, message: t('violations.form.required') }]}>
          <Input.TextArea rows={4} maxLength={4000} aria-label={label} />
        </Form.Item>
        {action === 'report' && <EvidenceField />}
      </Form>
    </Modal>
  );
}

function EvidenceList({ evidence }: { evidence: EvidenceDto[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  if (evidence.length === 0) return <>{t('violations.noEvidence')}</>;
  const download = async (item: EvidenceDto) => {
    const file = await queryClient.fetchQuery({ ...trpc.audit.violation.evidence.queryOptions({ id: item.id }), staleTime: 0 });
    setChecked((c) => ({ ...c, [item.id]: file.intact }));
    downloadBase64(file.fileName, file.contentBase64, file.contentType);
  };
  return (
    <List
      size="small"
      dataSource={evidence}
      renderItem={(item) => (
        <List.Item actions={[<Button key="d" size="small" onClick={() => void download(item)}>{t('violations.download')}</Button>]}>
          <Space>
            <PaperClipOutlined />
            {item.fileName}
            <Typography.Text type="secondary">{Math.max(1, Math.round(item.size / 1024))} KB · sha256 {item.sha256.slice(0, 12)}…</Typography.Text>
            {checked[item.id] !== undefined && <Tag color={checked[item.id] ? 'green' : 'red'}>{checked[item.id] ? t('violations.intact') : t('violations.tampered')}</Tag>}
          </Space>
        </List.Item>
      )}
    />
  );
}

function ViolationDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const format = useDateFormat();
  const detail = useQuery({ ...trpc.audit.violation.get.queryOptions({ id: id ?? '' }), enabled: id !== null });
  const v = detail.data;
  return (
    <Drawer title={v?.title ?? t('violations.detail')} open={id !== null} onClose={onClose} width={620}>
      {v && (
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'unit', label: t('violations.columns.unit'), children: v.organizationName },
            { key: 'kind', label: t('violations.columns.kind'), children: t(`violations.kinds.${v.kind}`) },
            { key: 'status', label: t('violations.columns.status'), children: <Tag color={statusColors[v.status]}>{t(`violations.statuses.${v.status}`)}</Tag> },
            { key: 'deadline', label: t('violations.columns.deadline'), children: <>{v.deadline} {v.overdue && <Tag color="red">{t('violations.overdue')}</Tag>}</> },
            { key: 'description', label: t('violations.description'), children: v.description || '—' },
            { key: 'recorded', label: t('violations.recordedBy'), children: `${v.recordedBy.name ?? v.recordedBy.id} ${format(v.recordedAt)}` },
            { key: 'rectification', label: t('violations.rectification'), children: v.rectification ? `${v.rectification}（${format(v.rectifiedAt!)}）` : '—' },
            { key: 'conclusion', label: t('violations.conclusion'), children: v.conclusion ? `${v.conclusion}（${v.closedBy?.name ?? v.closedBy?.id} ${format(v.closedAt!)}）` : '—' },
            { key: 'evidence', label: t('violations.evidence'), children: <EvidenceList evidence={v.evidence} /> },
          ]}
        />
      )}
    </Drawer>
  );
}

function ViolationBoard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const format = useDateFormat();
  const canOpen = useCan('audit.violation.record');
  const canReport = useCan('audit.violation.rectify');
  const canClose = useCan('audit.violation.close');
  const canTalk = useCan('audit.notice.issue');
  const [talking, setTalking] = useState<{ violationId: string; title: string } | null>(null);
  const [status, setStatus] = useState<ViolationStatus | undefined>();
  const [kind, setKind] = useState<ViolationKind | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [opening, setOpening] = useState(false);
  const [acting, setActing] = useState<{ violation: ViolationDto; action: 'report' | 'close' } | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const violations = useQuery(trpc.audit.violation.list.queryOptions({ status, kind, overdue: overdue || undefined, limit: 500 }));
  return (
    <Card
      title={t('violations.title')}
      extra={
        <Space wrap>
          <Select allowClear placeholder={t('violations.allStatuses')} value={status} onChange={setStatus} style={{ width: 120 }} aria-label={t('violations.columns.status')} options={(['open', 'rectifying', 'closed'] as const).map((value) => ({ value, label: t(`violations.statuses.${value}`) }))} />
          <Select allowClear placeholder={t('violations.allKinds')} value={kind} onChange={setKind} style={{ width: 150 }} aria-label={t('violations.columns.kind')} options={violationKinds.map((value) => ({ value, label: t(`violations.kinds.${value}`) }))} />
          <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
            {t('violations.overdueOnly')}
          </Checkbox>
          {canOpen && (
            <Button type="primary" onClick={() => setOpening(true)}>
              {t('violations.open')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('violations.help')}</Typography.Paragraph>
      <Table<ViolationDto>
        rowKey="id"
        loading={violations.isPending}
        locale={emptyOrFailed(violations)}
        dataSource={violations.data ?? []}
        columns={[
          { title: t('violations.columns.unit'), dataIndex: 'organizationName' },
          { title: t('violations.columns.kind'), dataIndex: 'kind', width: 130, render: (v: ViolationKind) => t(`violations.kinds.${v}`) },
          { title: t('violations.columns.title'), dataIndex: 'title', render: (title: string, v) => <Typography.Link onClick={() => setShown(v.id)}>{title}</Typography.Link> },
          {
            title: t('violations.columns.deadline'),
            dataIndex: 'deadline',
            width: 150,
            render: (deadline: string | null, v) => (
              <Space size={4}>
                {deadline ?? '—'}
                {v.overdue && <Tag color="red">{t('violations.overdue')}</Tag>}
              </Space>
            ),
          },
          { title: t('violations.columns.status'), dataIndex: 'status', width: 90, render: (s: ViolationStatus) => <Tag color={statusColors[s]}>{t(`violations.statuses.${s}`)}</Tag> },
          { title: t('violations.columns.recordedAt'), dataIndex: 'recordedAt', width: 170, render: (d: Date) => format(d) },
          {
            title: t('violations.columns.actions'),
            width: 270,
            render: (_, v) =>
              v.status !== 'closed' && (
                <Space size="small">
                  {canReport && (
                    <Button size="small" onClick={() => setActing({ violation: v, action: 'report' })}>
                      {t('violations.report')}
                    </Button>
                  )}
                  {canClose && (
                    <Button size="small" type="primary" onClick={() => setActing({ violation: v, action: 'close' })}>
                      {t('violations.close')}
                    </Button>
                  )}
                  {canTalk && (
                    <Button size="small" onClick={() => setTalking({ violationId: v.id, title: v.title })}>
                      {t('notices.talk.record')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <OpenViolationModal open={opening} onClose={() => setOpening(false)} />
      <ActionModal violation={acting?.violation ?? null} action={acting?.action ?? 'report'} onClose={() => setActing(null)} />
      <ViolationDrawer id={shown} onClose={() => setShown(null)} />
      <TalkModal target={talking} onClose={() => setTalking(null)} />
    </Card>
  );
}

/** 问题整改: the violation board with deadlines, the unit's rectification reports and the inspector's closure. */
export function ViolationsPage() {
  return (
    <RequirePermission permission="audit.violation.read">
      <ViolationBoard />
    </RequirePermission>
  );
}
