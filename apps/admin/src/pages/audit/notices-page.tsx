import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag, Typography, type FormInstance } from 'antd';
import { FilePdfOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CommitmentDto, CommitmentStatus, NoticeDto, NoticeStatus, TalkDto } from '@bianzhi/contracts/supervision';
import { todayInChina } from '@bianzhi/domain/calendar';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { ExportButton } from '../table-export.js';
import { useDateFormat } from '../use-date-format.js';
import { downloadBase64 } from '../download.js';
import { emptyOrFailed, type QueryLike } from '../load-state.js';

const noticeColors: Record<NoticeStatus, string> = { issued: 'red', acknowledged: 'orange', closed: 'green' };
const commitmentColors: Record<CommitmentStatus, string> = { open: 'red', reported: 'orange', done: 'green' };

/** A modal form's refusal, shown above its fields; the fields keep what was typed. */
function useRefusal() {
  const { t } = useTranslation();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  return { refusal, onError: (error: unknown) => setRefusal(describeServerError(error, t('errors.network'))), reset: () => setRefusal(null) };
}

/** Everything on this page reads from these lists: refresh them after any change. */
function useRefreshSupervision() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([trpc.audit.notice.list, trpc.audit.talk.list, trpc.audit.talk.commitments].map((p) => queryClient.invalidateQueries({ queryKey: p.queryKey() })));
  };
}

/** A failed list's 重试 reloads every list of the page: they fail together when the audit service is down, and one retry should bring them all back. */
function useRetryAll() {
  const refresh = useRefreshSupervision();
  return (query: QueryLike) => emptyOrFailed({ isError: query.isError, error: query.error, refetch: refresh });
}

/** A modal form's success: say so, refresh the lists, clear the form and its refusal, close. */
function useDone(form: FormInstance, status: ReturnType<typeof useRefusal>, onClose: () => void) {
  const { message } = App.useApp();
  const refresh = useRefreshSupervision();
  return async (text: string) => {
    message.success(text);
    await refresh();
    form.resetFields();
    status.reset();
    onClose();
  };
}

/** One required text in a modal (a conclusion, a report), sent by the caller's mutation. */
function TextModal(props: { open: boolean; title: string; label: string; okText: string; maxLength: number; pending: boolean; form: FormInstance<{ text: string }>; refusal: ServerError | null; onCancel: () => void; onSubmit: (text: string) => void }) {
  const { t } = useTranslation();
  return (
    <Modal title={props.title} open={props.open} onCancel={props.onCancel} onOk={() => props.form.submit()} okText={props.okText} cancelText={t('common.cancel')} confirmLoading={props.pending} forceRender>
      <RefusalAlert error={props.refusal} />
      <Form form={props.form} layout="vertical" onFinish={(v) => props.onSubmit(v.text)}>
        <Form.Item label={props.label} name="text" rules={[{ required: true, whitespace: true, message: t('notices.required') }]}>
          <Input.TextArea rows={4} maxLength={props.maxLength} aria-label={props.label} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function IssueNoticeModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [form] = Form.useForm<{ organizationId: string; violationId?: string; problem: string; requirement: string; deadline: string }>();
  const organizationId = Form.useWatch('organizationId', form);
  const violations = useQuery({ ...trpc.audit.violation.list.queryOptions({ organizationId: organizationId ?? undefined, limit: 100 }), enabled: Boolean(organizationId) });
  const status = useRefusal();
  const done = useDone(form, status, onClose);
  const issue = useMutation(trpc.audit.notice.issue.mutationOptions({ onSuccess: (notice) => done(t('notices.issued', { number: notice.number })), onError: status.onError }));
  const required = [{ required: true, whitespace: true, message: t('notices.required') }];
  return (
    <Modal title={t('notices.issue')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('notices.issueOk')} cancelText={t('common.cancel')} confirmLoading={issue.isPending} forceRender width={640}>
      <RefusalAlert error={status.refusal} />
      <Form form={form} layout="vertical" onFinish={(v) => issue.mutate({ organizationId: v.organizationId, violationId: v.violationId || undefined, problem: v.problem, requirement: v.requirement, deadline: v.deadline })}>
        <Form.Item label={t('notices.unit')} name="organizationId" rules={[{ required: true, message: t('notices.required') }]}>
          <OrganizationPicker ariaLabel={t('notices.unit')} />
        </Form.Item>
        <Form.Item label={t('notices.violation')} name="violationId" extra={t('notices.violationHelp')}>
          <Select allowClear aria-label={t('notices.violation')} disabled={!organizationId} options={(violations.data ?? []).map((v) => ({ value: v.id, label: `${v.title}（${t(`violations.statuses.${v.status}`)}）` }))} />
        </Form.Item>
        <Form.Item label={t('notices.problem')} name="problem" rules={required}>
          <Input.TextArea rows={3} maxLength={4000} aria-label={t('notices.problem')} />
        </Form.Item>
        <Form.Item label={t('notices.requirement')} name="requirement" rules={required}>
          <Input.TextArea rows={3} maxLength={4000} aria-label={t('notices.requirement')} />
        </Form.Item>
        <Form.Item label={t('notices.deadline')} name="deadline" rules={required}>
          <Input type="date" aria-label={t('notices.deadline')} style={{ width: 180 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CloseNoticeModal({ notice, onClose }: { notice: NoticeDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [form] = Form.useForm<{ text: string }>();
  const status = useRefusal();
  const done = useDone(form, status, onClose);
  const close = useMutation(trpc.audit.notice.close.mutationOptions({ onSuccess: (closed) => done(t('notices.closedMessage', { number: closed.number })), onError: status.onError }));
  return (
    <TextModal
      open={notice !== null}
      title={`${t('notices.close')}：${notice?.number ?? ''}`}
      label={t('notices.conclusion')}
      okText={t('notices.close')}
      maxLength={4000}
      pending={close.isPending}
      form={form}
      refusal={status.refusal}
      onCancel={onClose}
      onSubmit={(conclusion) => notice && close.mutate({ id: notice.id, conclusion })}
    />
  );
}

/** 约谈 on a notice or a violation: date, participants, points raised, and the commitments as tasks with deadlines. */
export function TalkModal({ target, onClose }: { target: { noticeId?: string; violationId?: string; title: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [form] = Form.useForm<{ heldOn: string; participants: string[]; points: string; commitments?: { content: string; deadline: string }[] }>();
  const status = useRefusal();
  const done = useDone(form, status, onClose);
  const record = useMutation(trpc.audit.talk.record.mutationOptions({ onSuccess: () => done(t('notices.talk.recorded')), onError: status.onError }));
  const required = [{ required: true, whitespace: true, message: t('notices.required') }];
  return (
    <Modal title={`${t('notices.talk.record')}：${target?.title ?? ''}`} open={target !== null} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={record.isPending} forceRender width={680}>
      <RefusalAlert error={status.refusal} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ heldOn: todayInChina(), commitments: [] }}
        onFinish={(v) => target && record.mutate({ noticeId: target.noticeId, violationId: target.violationId, heldOn: v.heldOn, participants: v.participants, points: v.points, commitments: v.commitments ?? [] })}
      >
        <Space align="start">
          <Form.Item label={t('notices.talk.heldOn')} name="heldOn" rules={required}>
            <Input type="date" aria-label={t('notices.talk.heldOn')} style={{ width: 170 }} />
          </Form.Item>
          <Form.Item label={t('notices.talk.participants')} name="participants" rules={[{ required: true, message: t('notices.required') }]} extra={t('notices.talk.participantsHelp')} style={{ minWidth: 400 }}>
            <Select mode="tags" open={false} aria-label={t('notices.talk.participants')} tokenSeparators={['，', ',', '、']} />
          </Form.Item>
        </Space>
        <Form.Item label={t('notices.talk.points')} name="points" rules={required}>
          <Input.TextArea rows={3} maxLength={4000} aria-label={t('notices.talk.points')} />
        </Form.Item>
        <Typography.Text strong>{t('notices.talk.commitments')}</Typography.Text>
        <Form.List name="commitments">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex', marginTop: 8 }}>
                  <Form.Item name={[field.name, 'content']} rules={required} style={{ width: 400, marginBottom: 0 }}>
                    <Input maxLength={1000} placeholder={t('notices.talk.commitment')} aria-label={`${t('notices.talk.commitment')} ${i + 1}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'deadline']} rules={required} style={{ marginBottom: 0 }}>
                    <Input type="date" aria-label={`${t('notices.talk.commitmentDeadline')} ${i + 1}`} />
                  </Form.Item>
                  <MinusCircleOutlined aria-label={t('notices.talk.removeCommitment')} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} style={{ marginTop: 8 }}>
                {t('notices.talk.addCommitment')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function ReportCommitmentModal({ commitment, onClose }: { commitment: CommitmentDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [form] = Form.useForm<{ text: string }>();
  const status = useRefusal();
  const done = useDone(form, status, onClose);
  const report = useMutation(trpc.audit.talk.reportCommitment.mutationOptions({ onSuccess: () => done(t('notices.commitments.reportedMessage')), onError: status.onError }));
  return (
    <TextModal
      open={commitment !== null}
      title={`${t('notices.commitments.report')}：${commitment?.content ?? ''}`}
      label={t('notices.commitments.reportText')}
      okText={t('common.save')}
      maxLength={2000}
      pending={report.isPending}
      form={form}
      refusal={status.refusal}
      onCancel={onClose}
      onSubmit={(text) => commitment && report.mutate({ id: commitment.id, report: text })}
    />
  );
}

function NoticeBoard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const format = useDateFormat();
  const refresh = useRefreshSupervision();
  const failed = useRetryAll();
  const canIssue = useCan('audit.notice.issue');
  const canRespond = useCan('audit.notice.respond');
  const canClose = useCan('audit.notice.close');
  const [status, setStatus] = useState<NoticeStatus | undefined>();
  const [issuing, setIssuing] = useState(false);
  const [closing, setClosing] = useState<NoticeDto | null>(null);
  const [talking, setTalking] = useState<{ noticeId: string; title: string } | null>(null);
  const notices = useQuery(trpc.audit.notice.list.queryOptions({ status, limit: 500 }));
  const onError = (error: unknown) => void message.error(describeServerError(error, t('errors.network')).message);
  const acknowledge = useMutation(trpc.audit.notice.acknowledge.mutationOptions({ onSuccess: async (n) => { message.success(t('notices.acknowledgedMessage', { number: n.number })); await refresh(); }, onError }));
  const pdf = async (notice: NoticeDto) => {
    try {
      const file = await queryClient.fetchQuery({ ...trpc.audit.notice.pdf.queryOptions({ id: notice.id }), staleTime: 0 });
      downloadBase64(file.filename, file.contentBase64, file.contentType);
    } catch (error) {
      onError(error);
    }
  };
  const columns = [t('notices.columns.number'), t('notices.columns.unit'), t('notices.problem'), t('notices.deadline'), t('notices.columns.status'), t('notices.columns.issuedAt'), t('notices.conclusion')];
  return (
    <Card
      title={t('notices.title')}
      extra={
        <Space wrap>
          <Select allowClear placeholder={t('notices.allStatuses')} value={status} onChange={setStatus} style={{ width: 120 }} aria-label={t('notices.columns.status')} options={(['issued', 'acknowledged', 'closed'] as const).map((value) => ({ value, label: t(`notices.statuses.${value}`) }))} />
          <ExportButton
            filename={`${t('notices.title')}.xlsx`}
            sheetName={t('notices.title')}
            columns={columns.map((header, i) => ({ header, width: i === 2 || i === 6 ? 40 : 16 }))}
            rows={() => (notices.data ?? []).map((n) => [n.number, n.organizationName, n.problem, n.deadline, t(`notices.statuses.${n.status}`), format(n.issuedAt), n.conclusion ?? ''])}
          />
          {canIssue && (
            <Button type="primary" onClick={() => setIssuing(true)}>
              {t('notices.issue')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('notices.help')}</Typography.Paragraph>
      <Table<NoticeDto>
        rowKey="id"
        loading={notices.isPending}
        locale={failed(notices)}
        dataSource={notices.data ?? []}
        columns={[
          { title: t('notices.columns.number'), dataIndex: 'number', width: 150 },
          { title: t('notices.columns.unit'), dataIndex: 'organizationName' },
          { title: t('notices.problem'), dataIndex: 'problem', ellipsis: true },
          { title: t('notices.deadline'), dataIndex: 'deadline', width: 150, render: (d: string, n) => <Space size={4}>{d}{n.overdue && <Tag color="red">{t('notices.overdue')}</Tag>}</Space> },
          { title: t('notices.columns.status'), dataIndex: 'status', width: 90, render: (s: NoticeStatus) => <Tag color={noticeColors[s]}>{t(`notices.statuses.${s}`)}</Tag> },
          { title: t('notices.columns.issuedAt'), dataIndex: 'issuedAt', width: 170, render: (d: Date) => format(d) },
          {
            title: t('notices.columns.actions'),
            width: 260,
            render: (_, n) => (
              <Space size="small" wrap>
                <Button size="small" icon={<FilePdfOutlined />} onClick={() => void pdf(n)}>
                  PDF
                </Button>
                {canRespond && n.status === 'issued' && (
                  <Button size="small" type="primary" loading={acknowledge.isPending} onClick={() => modal.confirm({ title: t('notices.acknowledgeConfirm', { number: n.number }), okText: t('notices.acknowledge'), cancelText: t('common.cancel'), onOk: () => acknowledge.mutateAsync({ id: n.id }) })}>
                    {t('notices.acknowledge')}
                  </Button>
                )}
                {canIssue && n.status !== 'closed' && (
                  <Button size="small" onClick={() => setTalking({ noticeId: n.id, title: n.number })}>
                    {t('notices.talk.record')}
                  </Button>
                )}
                {canClose && n.status === 'acknowledged' && (
                  <Button size="small" type="primary" onClick={() => setClosing(n)}>
                    {t('notices.close')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <IssueNoticeModal open={issuing} onClose={() => setIssuing(false)} />
      <CloseNoticeModal notice={closing} onClose={() => setClosing(null)} />
      <TalkModal target={talking} onClose={() => setTalking(null)} />
    </Card>
  );
}

/** The talks, and their commitments as tasks: the unit reports one done, the issuing side confirms it. */
function TalkBoard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const refresh = useRefreshSupervision();
  const failed = useRetryAll();
  const canRespond = useCan('audit.notice.respond');
  const canConfirm = useCan('audit.notice.close');
  const [overdue, setOverdue] = useState(false);
  const [reporting, setReporting] = useState<CommitmentDto | null>(null);
  const talks = useQuery(trpc.audit.talk.list.queryOptions({ limit: 500 }));
  const commitments = useQuery(trpc.audit.talk.commitments.queryOptions({ overdue: overdue || undefined, limit: 500 }));
  const notices = useQuery(trpc.audit.notice.list.queryOptions({ limit: 500 }));
  const numberOf = (talk: TalkDto) => (talk.noticeId ? (notices.data?.find((n) => n.id === talk.noticeId)?.number ?? '—') : t('notices.talk.onViolation'));
  const confirm = useMutation(trpc.audit.talk.confirmCommitment.mutationOptions({ onSuccess: async () => { message.success(t('notices.commitments.confirmedMessage')); await refresh(); }, onError: (error) => void message.error(describeServerError(error, t('errors.network')).message) }));
  const talkColumns = [t('notices.talk.heldOn'), t('notices.columns.unit'), t('notices.talk.on'), t('notices.talk.participants'), t('notices.talk.points'), t('notices.talk.commitments')];
  const commitmentColumns = [t('notices.columns.unit'), t('notices.talk.commitment'), t('notices.talk.commitmentDeadline'), t('notices.columns.status'), t('notices.commitments.reportText')];
  return (
    <>
      <Card title={t('notices.talk.title')} extra={<ExportButton filename={`${t('notices.talk.title')}.xlsx`} sheetName={t('notices.talk.title')} columns={talkColumns.map((header, i) => ({ header, width: i === 4 ? 40 : 16 }))} rows={() => (talks.data ?? []).map((x) => [x.heldOn, x.organizationName, numberOf(x), x.participants.join('、'), x.points, x.commitments.length])} />}>
        <Table<TalkDto>
          rowKey="id"
          size="small"
          loading={talks.isPending}
          locale={failed(talks)}
          dataSource={talks.data ?? []}
          columns={[
            { title: t('notices.talk.heldOn'), dataIndex: 'heldOn', width: 120 },
            { title: t('notices.columns.unit'), dataIndex: 'organizationName' },
            { title: t('notices.talk.on'), key: 'on', width: 160, render: (_, x) => numberOf(x) },
            { title: t('notices.talk.participants'), dataIndex: 'participants', render: (p: string[]) => p.join('、') },
            { title: t('notices.talk.points'), dataIndex: 'points', ellipsis: true },
            { title: t('notices.talk.commitments'), key: 'n', width: 100, render: (_, x) => x.commitments.length },
          ]}
        />
      </Card>
      <Card
        title={t('notices.commitments.title')}
        extra={
          <Space>
            <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
              {t('notices.commitments.overdueOnly')}
            </Checkbox>
            <ExportButton filename={`${t('notices.commitments.title')}.xlsx`} sheetName={t('notices.commitments.title')} columns={commitmentColumns.map((header, i) => ({ header, width: i === 1 || i === 4 ? 40 : 16 }))} rows={() => (commitments.data ?? []).map((c) => [c.organizationName, c.content, c.deadline, t(`notices.commitments.statuses.${c.status}`), c.report ?? ''])} />
          </Space>
        }
      >
        <Table<CommitmentDto>
          rowKey="id"
          size="small"
          loading={commitments.isPending}
          locale={failed(commitments)}
          dataSource={commitments.data ?? []}
          columns={[
            { title: t('notices.columns.unit'), dataIndex: 'organizationName' },
            { title: t('notices.talk.commitment'), dataIndex: 'content' },
            { title: t('notices.talk.commitmentDeadline'), dataIndex: 'deadline', width: 150, render: (d: string, c) => <Space size={4}>{d}{c.overdue && <Tag color="red">{t('notices.overdue')}</Tag>}</Space> },
            { title: t('notices.columns.status'), dataIndex: 'status', width: 100, render: (s: CommitmentStatus) => <Tag color={commitmentColors[s]}>{t(`notices.commitments.statuses.${s}`)}</Tag> },
            { title: t('notices.commitments.reportText'), dataIndex: 'report', ellipsis: true, render: (r: string | null) => r ?? '—' },
            {
              title: t('notices.columns.actions'),
              width: 150,
              render: (_, c) => (
                <Space size="small">
                  {canRespond && c.status !== 'done' && (
                    <Button size="small" onClick={() => setReporting(c)}>
                      {t('notices.commitments.report')}
                    </Button>
                  )}
                  {canConfirm && c.status === 'reported' && (
                    <Button size="small" type="primary" loading={confirm.isPending} onClick={() => confirm.mutate({ id: c.id })}>
                      {t('notices.commitments.confirm')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ReportCommitmentModal commitment={reporting} onClose={() => setReporting(null)} />
    </>
  );
}

/** 督查通知: notices to units (issued, acknowledged by the unit, closed), the talks on them and the commitments as tasks. */
export function NoticesPage() {
  return (
    <RequirePermission permission="audit.notice.read">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <NoticeBoard />
        <TalkBoard />
      </Space>
    </RequirePermission>
  );
}
