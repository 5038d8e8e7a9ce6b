import { useState } from 'react';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Popconfirm, Radio, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MatterDto, MovePreview, NamedUnit, OrganizationChangePreview } from '@bianzhi/contracts/approval';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { LoadFailed } from '../load-state.js';
import { downloadBase64 } from '../download.js';
import { useDateFormat } from '../use-date-format.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { EstablishmentProgressView } from '../organizations/establishment-progress.js';
import { DeadlineTag, MatterStateTag } from './matter-tags.js';
import { TargetView } from '../supervision/target-view.js';
import { CharterView } from '../registration/charter-view.js';
import { NamedRollView } from './named-roll-view.js';

const accountKindKey = (kind: string) => `quota.accountKinds.${kind}`;

function useInvalidateMatter() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.approval.matter.get.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.approval.inbox.list.queryKey() });
  };
}

/** The decision of the person whose turn it is: approve (the last step with its approval number), return or reject with a comment. */
function DecisionPanel({ matter }: { matter: MatterDto }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const invalidate = useInvalidateMatter();
  const [form] = Form.useForm<{ decision: 'approve' | 'return' | 'reject'; comment: string; documentNumber?: string }>();
  const decision = Form.useWatch('decision', form);
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const [decisionId, setDecisionId] = useState(() => crypto.randomUUID());
  const last = matter.currentStep === matter.steps.length - 1;
  const decide = useMutation(
    trpc.approval.matter.decide.mutationOptions({
      onSuccess: async () => {
        message.success(t('matters.decided'));
        setDecisionId(crypto.randomUUID());
        form.resetFields();
        await invalidate();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  return (
    <Card size="small" title={`${t('matters.decide')}：${t(`matters.steps.${matter.steps[matter.currentStep]!.kind}`)}`}>
      <RefusalAlert error={refusal} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ decision: 'approve', comment: '' }}
        onFinish={(v) => {
          setRefusal(null);
          decide.mutate({ id: matter.id, stepIndex: matter.currentStep, decision: v.decision, comment: v.comment ?? '', ...(v.documentNumber ? { documentNumber: v.documentNumber } : {}), attachments: [], decisionId });
        }}
      >
        <Form.Item label={t('matters.decision')} name="decision">
          <Radio.Group aria-label={t('matters.decision')} options={(['approve', 'return', 'reject'] as const).map((d) => ({ value: d, label: t(`matters.decisions.${d}`) }))} optionType="button" />
        </Form.Item>
        {decision === 'approve' && last && (
          <Form.Item label={t('matters.approvalNumber')} name="documentNumber" extra={t('matters.approvalNumberHint')} rules={[{ required: true, whitespace: true, message: t('matters.approvalNumberHint') }]}>
            <Input maxLength={100} placeholder="示编〔2026〕1号" aria-label={t('matters.approvalNumber')} />
          </Form.Item>
        )}
        <Form.Item label={t('matters.comment')} name="comment" rules={decision && decision !== 'approve' ? [{ required: true, whitespace: true, message: t('matters.commentRequired') }] : []}>
          <Input.TextArea rows={2} maxLength={2000} aria-label={t('matters.comment')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={decide.isPending}>
          {t('matters.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** The filer corrects the amounts of a returned matter and sends it back. */
function ResubmitPanel({ matter }: { matter: MatterDto }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const invalidate = useInvalidateMatter();
  const [amounts, setAmounts] = useState(() => matter.moves.map((m) => m.amount));
  const [posts, setPosts] = useState(() => matter.posts?.posts ?? 0);
  const [comment, setComment] = useState('');
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const [decisionId] = useState(() => crypto.randomUUID());
  const resubmit = useMutation(
    trpc.approval.matter.resubmit.mutationOptions({
      onSuccess: async () => {
        message.success(t('matters.resubmitted'));
        await invalidate();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  // What the filer corrects here: the posts or the amounts; an establishment change goes back with the comment (withdraw and file anew to change it).
  const correction = () => (matter.posts ? { posts: { organizationId: matter.posts.organizationId, rank: matter.posts.rank, posts } } : matter.moves.length > 0 ? { moves: matter.moves.map((m, i) => ({ ...m, amount: amounts[i]! })) } : {});
  return (
    <Card size="small" title={t('matters.resubmit')}>
      <RefusalAlert error={refusal} />
      <Space direction="vertical" style={{ width: '100%' }}>
        {matter.posts && (
          <Space>
            <span>
              {matter.posts.organizationName} · {t(`leadership.ranks.${matter.posts.rank}`)}
            </span>
            <InputNumber min={0} max={200} precision={0} value={posts} aria-label={t('matters.amount')} onChange={(v) => setPosts(v ?? posts)} />
          </Space>
        )}
        {matter.preview.map((p, i) => (
          <Space key={i}>
            <span>
              {p.debit.holderName} → {p.credit.holderName}
            </span>
            <InputNumber min={1} max={1_000_000} precision={0} value={amounts[i]} aria-label={`${t('matters.amount')} ${i + 1}`} onChange={(v) => setAmounts((all) => all.map((a, j) => (j === i ? (v ?? a) : a)))} />
          </Space>
        ))}
        <Input.TextArea rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} aria-label={t('matters.comment')} placeholder={t('matters.comment')} />
        <Button type="primary" loading={resubmit.isPending} onClick={() => resubmit.mutate({ id: matter.id, comment, ...correction(), documents: [], decisionId })}>
          {t('matters.resubmit')}
        </Button>
      </Space>
    </Card>
  );
}

/** An establishment matter: what it changes, the units it names as they stand, and once approved the establishment's run. */
function OrganizationPreview({ matter, change }: { matter: MatterDto; change: OrganizationChangePreview }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const c = change.change;
  const unitLink = (u: NamedUnit) => (
    <Typography.Link key={u.id} onClick={() => void navigate({ to: '/organizations/$organizationId', params: { organizationId: u.id } })}>
      {u.name}
    </Typography.Link>
  );
  const named = (id: string) => change.units.find((u) => u.id === id);
  const shown = (id: string) => {
    const u = named(id);
    return u ? unitLink(u) : <Typography.Text type="secondary">{t('matters.hidden')}</Typography.Text>;
  };
  const what =
    c.action === 'establish' ? (
      <Space direction="vertical" size={0}>
        <span>
          {c.unit.name}（{t(`organizations.kinds.${c.unit.kind}`)}{c.unit.rank && c.unit.rank !== 'none' ? `，${t(`organizations.ranks.${c.unit.rank}`)}` : ''}）
        </span>
        {Object.entries(c.unit.allocation).map(([type, n]) => (
          <span key={type}>{t('organizations.establish.allocation', { type: t(`organizations.quotaTypes.${type}`) })}：{n}</span>
        ))}
        {c.unit.offsetOrganizationId && <span>{t('organizations.form.offset')}：{shown(c.unit.offsetOrganizationId)}</span>}
      </Space>
    ) : c.action === 'merge' ? (
      <span>
        {c.sourceIds.map((id, i) => <span key={id}>{i > 0 ? '、' : ''}{shown(id)}</span>)} → {shown(c.targetId)}
      </span>
    ) : (
      <span>
        {shown(c.organizationId)}
        {c.action === 'rename' && ` → ${c.name}`}
        {c.action === 'rerank' && `：${t(`organizations.ranks.${named(c.organizationId)?.rank ?? 'none'}`)} → ${t(`organizations.ranks.${c.rank}`)}`}
      </span>
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('matters.organization.action')}>{t(`organizations.matter.actions.${change.action}`)}</Descriptions.Item>
        <Descriptions.Item label={t('matters.unit')}>{what}</Descriptions.Item>
        {change.establishedOrganizationId && <Descriptions.Item label={t('matters.organization.established')}>{shown(change.establishedOrganizationId)}</Descriptions.Item>}
      </Descriptions>
      {change.establishmentRequestId && ['approved', 'applied', 'failed'].includes(matter.state) && <EstablishmentProgressView requestId={change.establishmentRequestId} onOpenUnit={(id) => void navigate({ to: '/organizations/$organizationId', params: { organizationId: id } })} />}
    </Space>
  );
}

/** An appointment matter: the person, the post, the unit's posts of the rank now, and 事后督查 once due or done. */
function AppointmentView({ appointment: a }: { appointment: NonNullable<MatterDto['appointment']> }) {
  const { t } = useTranslation();
  const hidden = t('matters.hidden');
  return (
    <Descriptions size="small" column={2} bordered>
      <Descriptions.Item label={t('matters.unit')}>{a.organizationName}</Descriptions.Item>
      <Descriptions.Item label={t('matters.appointment.person')}>{a.personName ?? hidden}</Descriptions.Item>
      <Descriptions.Item label={t('matters.appointment.position')}>
        {a.title}（{t(`leadership.ranks.${a.rank}`)}）
      </Descriptions.Item>
      <Descriptions.Item label={t('matters.appointment.posts')}>{a.posts === null ? hidden : `${a.filled} / ${a.posts}`}</Descriptions.Item>
      {(a.supervision || a.supervisionDue) && (
        <Descriptions.Item label={t('matters.appointment.supervision')} span={2}>
          {a.supervision ? <Typography.Text type={a.supervision.withinPosts ? undefined : 'danger'}>{a.supervision.finding}</Typography.Text> : t('matters.appointment.supervisionDue', { date: a.supervisionDue!.slice(0, 10) })}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** A 带编调任 matter: who moves, from which unit to which, with the quota of their type. */
function TransferView({ transfer: x }: { transfer: NonNullable<MatterDto['transfer']> }) {
  const { t } = useTranslation();
  const hidden = t('matters.hidden');
  return (
    <Descriptions size="small" column={2} bordered>
      <Descriptions.Item label={t('matters.appointment.person')}>{x.personName ?? hidden}</Descriptions.Item>
      <Descriptions.Item label={t('quota.type')}>{x.ledger ? t(`organizations.quotaTypes.${x.ledger}`) : hidden}</Descriptions.Item>
      <Descriptions.Item label={t('matters.from')}>{x.fromName ?? hidden}</Descriptions.Item>
      <Descriptions.Item label={t('matters.to')}>{x.toName ?? hidden}</Descriptions.Item>
      <Descriptions.Item label={t('matters.transfer.effect')} span={2}>
        {t('matters.transfer.effectText')}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** A plan matter: the plan, and the unit's vacancies of its type now. */
function PlanView({ plan: p }: { plan: NonNullable<MatterDto['plan']> }) {
  const { t } = useTranslation();
  const hidden = t('matters.hidden');
  return (
    <Descriptions size="small" column={2} bordered>
      <Descriptions.Item label={t('matters.unit')}>{p.organizationName ?? hidden}</Descriptions.Item>
      <Descriptions.Item label={t('quota.type')}>{p.ledger ? t(`organizations.quotaTypes.${p.ledger}`) : hidden}</Descriptions.Item>
      <Descriptions.Item label={t('plans.places')}>{p.places ?? hidden}</Descriptions.Item>
      <Descriptions.Item label={t('matters.plan.vacant')}>{p.vacant ?? hidden}</Descriptions.Item>
      <Descriptions.Item label={t('plans.endsOn')}>{p.endsOn ?? hidden}</Descriptions.Item>
      <Descriptions.Item label={t('plans.status')}>{p.status ? t(`plans.statuses.${p.status}`) : hidden}</Descriptions.Item>
      <Descriptions.Item label={t('plans.reason')} span={2}>
        {p.reason ?? hidden}
      </Descriptions.Item>
    </Descriptions>
  );
}

function Preview({ matter }: { matter: MatterDto }) {
  const { t } = useTranslation();
  if (matter.plan) return <PlanView plan={matter.plan} />;
  if (matter.reduction) return <TargetView target={matter.reduction} />;
  if (matter.charter) return <CharterView charter={matter.charter} />;
  if (matter.namedRoll) return <NamedRollView request={matter.namedRoll} />;
  if (matter.transfer) return <TransferView transfer={matter.transfer} />;
  if (matter.organization) return <OrganizationPreview matter={matter} change={matter.organization} />;
  if (matter.appointment) return <AppointmentView appointment={matter.appointment} />;
  if (matter.posts) {
    const p = matter.posts;
    return (
      <Descriptions size="small" column={4} bordered>
        <Descriptions.Item label={t('matters.unit')}>{p.organizationName}</Descriptions.Item>
        <Descriptions.Item label={t('leadership.rank')}>{t(`leadership.ranks.${p.rank}`)}</Descriptions.Item>
        <Descriptions.Item label={`${t('matters.before')} → ${t('matters.after')}`}>{p.before === null ? t('matters.hidden') : `${p.before} → ${p.posts}`}</Descriptions.Item>
        <Descriptions.Item label={t('leadership.filled')}>{p.filled ?? t('matters.hidden')}</Descriptions.Item>
      </Descriptions>
    );
  }
  const side = (s: MovePreview['debit']) => (
    <span>
      {s.holderName}（{t(accountKindKey(s.kind), { defaultValue: s.kind })}）
    </span>
  );
  const figure = (v: number | null) => (v === null ? <Typography.Text type="secondary">{t('matters.hidden')}</Typography.Text> : v);
  return (
    <Table<MovePreview>
      size="small"
      rowKey={(_, i) => String(i)}
      pagination={false}
      dataSource={matter.preview}
      columns={[
        { title: t('quota.type'), dataIndex: 'ledger', render: (v: string) => t(`organizations.quotaTypes.${v}`) },
        { title: t('quota.statement.code'), dataIndex: 'code', render: (v: string) => t(`quota.codes.${v}`) },
        { title: t('matters.from'), render: (_, p) => side(p.debit) },
        { title: `${t('matters.before')} → ${t('matters.after')}`, key: 'debitFigures', render: (_, p) => <span>{figure(p.debit.balance)} → {figure(p.debit.after)}</span> },
        { title: t('matters.to'), render: (_, p) => side(p.credit) },
        { title: `${t('matters.before')} → ${t('matters.after')}`, key: 'creditFigures', render: (_, p) => <span>{figure(p.credit.balance)} → {figure(p.credit.after)}</span> },
        { title: t('matters.amount'), dataIndex: 'amount' },
      ]}
    />
  );
}

/** A matter: its chain, who decided what and when, its documents, the effect it will have, and the decision for whoever's turn it is. */
export function MatterPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const format = useDateFormat();
  const { matterId } = useParams({ from: '/app/matters/$matterId' });
  const invalidate = useInvalidateMatter();
  const matter = useQuery(trpc.approval.matter.get.queryOptions({ id: matterId }, { refetchInterval: (q) => (q.state.data?.state === 'approved' ? 1000 : false) }));
  const [withdrawId] = useState(() => crypto.randomUUID());
  const withdraw = useMutation(
    trpc.approval.matter.withdraw.mutationOptions({
      onSuccess: async () => {
        message.success(t('matters.withdrawn'));
        await invalidate();
      },
      onError: (error) => void message.error(describeServerError(error, t('errors.network')).message),
    }),
  );
  const queryClient = useQueryClient();
  const download = async (documentId: string) => {
    const file = await queryClient.fetchQuery(trpc.approval.matter.document.queryOptions({ matterId, documentId }));
    downloadBase64(file.fileName, file.base64, file.contentType);
  };
  if (matter.isError) return <LoadFailed error={matter.error} onRetry={() => void matter.refetch()} />;
  const m = matter.data;
  const stepStatus = (index: number): 'finish' | 'process' | 'wait' | 'error' => {
    if (!m) return 'wait';
    if (m.steps[index]!.decidedAt) return 'finish';
    if (index === m.currentStep) return m.state === 'rejected' || m.state === 'returned' ? 'error' : m.state === 'in_review' ? 'process' : 'wait';
    return 'wait';
  };
  return (
    <RequirePermission permission="approval.matter.read">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card loading={matter.isPending} title={m ? <Space>{m.title}<MatterStateTag state={m.state} /></Space> : null} extra={m?.can.withdraw && (
          <Popconfirm title={t('matters.withdrawConfirm')} onConfirm={() => withdraw.mutate({ id: m.id, comment: '', decisionId: withdrawId })} okText={t('common.confirm')} cancelText={t('common.cancel')}>
            <Button danger>{t('matters.withdraw')}</Button>
          </Popconfirm>
        )}>
          {m && (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <Descriptions size="small" column={3}>
                <Descriptions.Item label={t('matters.columns.kind')}>{t(`matters.kinds.${m.kind}`)}</Descriptions.Item>
                <Descriptions.Item label={t('matters.filedBy')}>{m.filedBy.name}（{m.jurisdictionName}）</Descriptions.Item>
                <Descriptions.Item label={t('matters.filedAt')}>{format(new Date(m.filedAt))}</Descriptions.Item>
                <Descriptions.Item label={t('matters.reason')} span={2}>{m.reason}</Descriptions.Item>
                <Descriptions.Item label={t('matters.columns.deadline')}><DeadlineTag deadline={m.deadline} /></Descriptions.Item>
                {m.approvalDocumentNumber && <Descriptions.Item label={t('matters.approvalDocument')}>{m.approvalDocumentNumber}</Descriptions.Item>}
              </Descriptions>
              {m.state === 'applied' && <Alert type="success" showIcon message={t('matters.applied')} />}
              {m.failure && <Alert type="error" showIcon message={t('matters.failure', { reason: m.failure })} />}
              <Typography.Text strong>{t('matters.chain')}</Typography.Text>
              <Steps
                size="small"
                current={m.currentStep}
                items={m.steps.map((s) => ({
                  title: t(`matters.steps.${s.kind}`),
                  status: stepStatus(s.index),
                  subTitle: s.jurisdictionName,
                  description: (
                    <Space direction="vertical" size={0}>
                      {s.decidedBy && <span>{s.decidedBy.name}</span>}
                      {s.decidedAt && <span>{format(new Date(s.decidedAt))}</span>}
                      {s.escalated && <Tag color="orange">{t('matters.escalated')}</Tag>}
                    </Space>
                  ),
                }))}
              />
              <Typography.Text strong>{t('matters.effect')}</Typography.Text>
              <Preview matter={m} />
            </Space>
          )}
        </Card>
        {m?.can.decide && <DecisionPanel matter={m} />}
        {m?.can.resubmit && <ResubmitPanel matter={m} />}
        {m && m.state === 'in_review' && !m.can.decide && (
          <Typography.Text type="secondary">{t('matters.notYourTurn', { jurisdiction: m.steps[m.currentStep]?.jurisdictionName ?? '' })}</Typography.Text>
        )}
        {m && (
          <Card size="small" title={t('matters.documents')}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={m.documents}
              columns={[
                { title: t('matters.documents'), dataIndex: 'title' },
                { title: t('quota.allocate.documentNumber'), dataIndex: 'documentNumber', render: (v: string | null) => v ?? '—' },
                { title: t('matters.filedBy'), render: (_, d) => d.addedBy?.name ?? '' },
                { title: '', key: 'file', render: (_, d) => (d.size > 0 ? <Button size="small" onClick={() => void download(d.id)}>{t('matters.download')}</Button> : null) },
              ]}
            />
          </Card>
        )}
        {m && (
          <Card size="small" title={t('matters.history')}>
            <Timeline
              items={m.events.map((e) => ({
                color: e.kind === 'reject' || e.kind === 'failed' || e.kind === 'overdue' ? 'red' : e.kind === 'return' || e.kind === 'escalate' || e.kind === 'remind' ? 'orange' : 'green',
                children: (
                  <Space direction="vertical" size={0}>
                    <span>
                      {format(new Date(e.at))} · {t(`matters.events.${e.kind}`)}
                      {e.stepIndex !== null && m.steps[e.stepIndex] ? `（${t(`matters.steps.${m.steps[e.stepIndex]!.kind}`)}）` : ''} · {e.actor?.name ?? ''}
                    </span>
                    {e.comment && <Typography.Text type="secondary">{e.comment}</Typography.Text>}
                  </Space>
                ),
              }))}
            />
          </Card>
        )}
      </Space>
    </RequirePermission>
  );
}
