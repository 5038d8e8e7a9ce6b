import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, Modal, Row, Select, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ReformProjectState, ReformStage } from '@bianzhi/contracts/reform';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan, useMe } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { chinaToday, useDateFormat } from '../use-date-format.js';
import { ImpactPreviewView } from './impact-preview.js';
import { stageColors } from './project-ids.js';
import { LoadFailed } from '../load-state.js';

const pathStages: ReformStage[] = ['preview', 'committee', 'executing', 'placement', 'documents', 'registration', 'follow_up', 'closed'];

/** One mutation of the project (a decision, a placement, a document) with its refusal shown in place. */
function useProjectAction() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const options = {
    onSuccess: async () => {
      setRefusal(null);
      await queryClient.invalidateQueries({ queryKey: trpc.reform.project.get.queryKey() });
    },
    onError: (error: unknown) => setRefusal(describeServerError(error, t('errors.network'))),
  };
  return { refusal, options, trpc };
}

function Decisions({ project }: { project: ReformProjectState }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const canDecide = useCan('reform.project.decide');
  const canManage = useCan('reform.project.manage');
  const { refusal, options, trpc } = useProjectAction();
  const [note, setNote] = useState('');
  const approve = useMutation(trpc.reform.project.approve.mutationOptions(options));
  const reject = useMutation(trpc.reform.project.reject.mutationOptions(options));
  const changes = useMutation(trpc.reform.project.requestChanges.mutationOptions(options));
  const cancel = useMutation(trpc.reform.project.cancel.mutationOptions(options));
  const decision = () => ({ id: project.id, decisionId: crypto.randomUUID(), note });
  const revise = useMutation(trpc.reform.project.revise.mutationOptions(options));
  const ended = ['closed', 'rejected', 'cancelled', 'failed'].includes(project.stage);
  const isFiler = me?.id === project.filedBy.id;
  const lastDecision = project.decisions.at(-1);
  const changesRequested = project.stage === 'preview' && lastDecision?.kind === 'request_changes';
  if (ended) return null;
  return (
    <Card size="small" title={t('reform.decisions.title')}>
      <RefusalAlert error={refusal} />
      <Space direction="vertical" style={{ width: '100%' }}>
        {project.stage === 'committee' && canDecide && (
          <>
            {isFiler && <Alert type="info" showIcon message={t('reform.decisions.filerCannotDecide')} />}
            <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('reform.decisions.note')} aria-label={t('reform.decisions.note')} />
            <Space>
              <Button type="primary" disabled={isFiler || project.preview?.refusals.length !== 0} loading={approve.isPending} onClick={() => approve.mutate(decision())}>
                {t('reform.decisions.approve')}
              </Button>
              <Button danger disabled={isFiler} loading={reject.isPending} onClick={() => reject.mutate(decision())}>
                {t('reform.decisions.reject')}
              </Button>
              <Button disabled={isFiler} loading={changes.isPending} onClick={() => changes.mutate(decision())}>
                {t('reform.decisions.requestChanges')}
              </Button>
            </Space>
          </>
        )}
        {project.stage === 'committee' && !canDecide && <Typography.Text type="secondary">{t('reform.decisions.waiting')}</Typography.Text>}
        {changesRequested && (
          <>
            <Alert type="warning" showIcon message={t('reform.form.changesRequested', { note: lastDecision.note || '—' })} description={t('reform.form.resubmitHelp')} />
            {isFiler && (
              <Button type="primary" loading={revise.isPending} onClick={() => revise.mutate({ ...decision(), plan: project.plan })}>
                {t('reform.form.resubmit')}
              </Button>
            )}
          </>
        )}
        {canManage && !project.irreversible && (
          <Button
            danger
            type="link"
            loading={cancel.isPending}
            onClick={() => Modal.confirm({ title: t('reform.decisions.cancelConfirm'), okButtonProps: { danger: true }, onOk: () => cancel.mutateAsync(decision()).catch(() => undefined) })}
          >
            {t('reform.decisions.cancel')}
          </Button>
        )}
      </Space>
    </Card>
  );
}

/** The placement board: drag a person to a unit or the pool (or pick from the list on each card). */
function PlacementBoard({ project }: { project: ReformProjectState }) {
  const { t } = useTranslation();
  const { refusal, options, trpc } = useProjectAction();
  const [assignments, setAssignments] = useState<Record<string, string>>(project.placements);
  const [extra, setExtra] = useState<string[]>([]);
  const [adding, setAdding] = useState<string | null>(null);
  const save = useMutation(trpc.reform.project.assignPlacement.mutationOptions(options));
  const destinations = useMemo(() => [...new Set([...project.resultOrganizationIds, ...Object.values(assignments).filter((v) => v !== 'pool'), ...extra])], [project.resultOrganizationIds, assignments, extra]);
  const names = useQuery({ ...trpc.registry.organization.lookup.queryOptions({ ids: destinations }), enabled: destinations.length > 0 });
  const nameOf = (id: string) => (id === 'pool' ? t('reform.placement.pool') : (names.data?.find((n) => n.id === id)?.name ?? '…'));
  const people = project.preview?.toPlace ?? [];
  const columns = [...destinations, 'pool', ''];
  const move = (personId: string, to: string) => setAssignments((a) => ({ ...a, [personId]: to }));
  const unplaced = people.filter((p) => !assignments[p.personId]).length;
  return (
    <Card size="small" title={t('reform.placement.title', { count: people.length })} extra={project.deadline && <Typography.Text type="secondary">{t('reform.placement.deadline', { date: project.deadline.slice(0, 10) })}</Typography.Text>}>
      <RefusalAlert error={refusal} />
      <Space style={{ marginBottom: 12 }}>
        <div style={{ width: 320 }}>
          <OrganizationPicker value={adding} onChange={setAdding} ariaLabel={t('reform.placement.addUnit')} />
        </div>
        <Button disabled={!adding} onClick={() => (adding ? (setExtra((e) => [...e, adding]), setAdding(null)) : undefined)}>
          {t('reform.placement.addUnit')}
        </Button>
      </Space>
      <Row gutter={12} wrap={false} style={{ overflowX: 'auto' }}>
        {columns.map((column) => (
          <Col key={column || 'unplaced'} flex="0 0 240px">
            <div
              data-testid={`placement-column-${column || 'unplaced'}`}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                const personId = e.dataTransfer.getData('text/plain');
                if (personId && column) move(personId, column);
              }}
              style={{ background: '#fafafa', border: '1px dashed #d9d9d9', borderRadius: 6, padding: 8, minHeight: 160 }}
            >
              <Typography.Text strong>{column ? nameOf(column) : t('reform.placement.unplaced', { count: unplaced })}</Typography.Text>
              {people
                .filter((p) => (assignments[p.personId] ?? '') === column)
                .map((p) => (
                  <Card key={p.personId} size="small" draggable onDragStart={(e) => e.dataTransfer.setData('text/plain', p.personId)} style={{ marginTop: 8, cursor: 'grab' }} data-testid={`person-${p.name}`}>
                    <div>{p.name}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {p.organizationName}
                    </Typography.Text>
                    <Select size="small" style={{ width: '100%', marginTop: 4 }} value={assignments[p.personId]} onChange={(to: string) => move(p.personId, to)} aria-label={t('reform.placement.moveTo', { name: p.name })} options={[...destinations, 'pool'].map((d) => ({ value: d, label: nameOf(d) }))} />
                  </Card>
                ))}
            </div>
          </Col>
        ))}
      </Row>
      <Space style={{ marginTop: 12 }}>
        <Button onClick={() => save.mutate({ id: project.id, decisionId: crypto.randomUUID(), assignments: Object.entries(assignments).map(([personId, to]) => ({ personId, to })), finish: false })} loading={save.isPending}>
          {t('reform.placement.save')}
        </Button>
        <Button type="primary" disabled={unplaced > 0} onClick={() => save.mutate({ id: project.id, decisionId: crypto.randomUUID(), assignments: Object.entries(assignments).map(([personId, to]) => ({ personId, to })), finish: true })} loading={save.isPending}>
          {t('reform.placement.finish')}
        </Button>
      </Space>
    </Card>
  );
}

function DocumentForm({ project }: { project: ReformProjectState }) {
  const { t } = useTranslation();
  const { refusal, options, trpc } = useProjectAction();
  const submit = useMutation(trpc.reform.project.submitDocument.mutationOptions(options));
  const [form] = Form.useForm<{ documentNumber: string; effectiveDate: dayjs.Dayjs; functions?: string; representative?: string }>();
  const kind = project.stage === 'documents' ? 'three_determinations' : 'legal_registration';
  const required = [{ required: true, whitespace: true, message: t('reform.form.required') }];
  return (
    <Card size="small" title={t(kind === 'three_determinations' ? 'reform.documents.threeDeterminations' : 'reform.documents.legalRegistration')}>
      <RefusalAlert error={refusal} />
      {project.error && <Alert type="warning" showIcon message={project.error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ effectiveDate: chinaToday() }}
        onFinish={(values) =>
          submit.mutate({
            id: project.id,
            decisionId: crypto.randomUUID(),
            kind,
            documentNumber: values.documentNumber,
            effectiveDate: values.effectiveDate.format('YYYY-MM-DD'),
            functions: (values.functions ?? '').split('\n').map((l) => l.trim()).filter(Boolean),
            representative: values.representative ?? '',
          })
        }
      >
        <Space wrap align="start">
          <Form.Item label={t('reform.form.documentNumber')} name="documentNumber" rules={required}>
            <Input aria-label={t('reform.form.documentNumber')} />
          </Form.Item>
          <Form.Item label={t('reform.documents.effectiveDate')} name="effectiveDate" rules={[{ required: true, message: t('reform.form.required') }]}>
            <DatePicker aria-label={t('reform.documents.effectiveDate')} />
          </Form.Item>
          {kind === 'legal_registration' && (
            <Form.Item label={t('reform.documents.representative')} name="representative" rules={required}>
              <Input aria-label={t('reform.documents.representative')} />
            </Form.Item>
          )}
        </Space>
        {kind === 'three_determinations' && (
          <Form.Item label={t('reform.documents.functions')} name="functions" rules={required} extra={t('reform.documents.functionsHelp')}>
            <Input.TextArea rows={4} aria-label={t('reform.documents.functions')} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={submit.isPending}>
          {t('reform.documents.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function Project() {
  const { t } = useTranslation();
  const { projectId } = useParams({ strict: false }) as { projectId: string };
  const trpc = useTRPC();
  const formatDate = useDateFormat();
  const canManage = useCan('reform.project.manage');
  const project = useQuery({ ...trpc.reform.project.get.queryOptions({ id: projectId }), refetchInterval: 3_000 });
  if (project.isLoading) return <Card loading />;
  if (project.isError && describeServerError(project.error, '').status !== 404) return <LoadFailed error={project.error} onRetry={() => void project.refetch()} />;
  if (!project.data) return <Card><Empty description={t('reform.notFound')} /></Card>;
  const p = project.data;
  const reached = new Map(p.timeline.map((s) => [s.stage, s.at]));
  // A project that ended early stops the steps where it ended, marked as an error.
  const ended = !pathStages.includes(p.stage);
  const lastReached = Math.max(...p.timeline.map((s) => pathStages.indexOf(s.stage)));
  const current = ended ? lastReached : pathStages.indexOf(p.stage);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            {p.title}
            <Tag color={stageColors[p.stage]}>{t(`reform.stages.${p.stage}`)}</Tag>
            {p.escalated && <Tag color="red">{t('reform.escalated')}</Tag>}
          </Space>
        }
      >
        <Descriptions size="small" column={4}>
          <Descriptions.Item label={t('reform.columns.kind')}>{t(`reform.kinds.${p.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('reform.form.documentNumber')}>{p.documentNumber}</Descriptions.Item>
          <Descriptions.Item label={t('reform.filedBy')}>{p.filedBy.name}</Descriptions.Item>
          <Descriptions.Item label={t('reform.columns.deadline')}>{p.deadline ? formatDate(new Date(p.deadline)) : '—'}</Descriptions.Item>
        </Descriptions>
        <Steps
          size="small"
          current={current}
          status={ended ? 'error' : p.stage === 'closed' ? 'finish' : 'process'}
          items={pathStages.map((stage) => ({ title: t(`reform.stages.${stage}`), description: reached.get(stage) ? formatDate(new Date(reached.get(stage)!)) : undefined }))}
        />
        {p.stage === 'failed' && p.error && <Alert type="error" showIcon message={p.error} style={{ marginTop: 12 }} />}
      </Card>
      <Row gutter={16}>
        <Col span={16}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {p.stage === 'placement' && canManage && <PlacementBoard project={p} />}
            {(p.stage === 'documents' || p.stage === 'registration') && canManage && <DocumentForm project={p} />}
            <Card size="small" title={t('reform.preview.title')}>
              {p.preview ? <ImpactPreviewView preview={p.preview} /> : <Typography.Text type="secondary">{t('reform.preview.computing')}</Typography.Text>}
            </Card>
            {p.followUps.length > 0 && (
              <Table
                size="small"
                rowKey="month"
                pagination={false}
                dataSource={p.followUps}
                title={() => <Typography.Text strong>{t('reform.followUps')}</Typography.Text>}
                columns={[
                  { title: t('reform.followUp.month'), dataIndex: 'month' },
                  { title: t('reform.followUp.at'), dataIndex: 'at', render: (d: string) => formatDate(new Date(d)) },
                  { title: t('reform.followUp.overQuota'), dataIndex: 'overQuota' },
                  { title: t('reform.followUp.inPool'), dataIndex: 'inPool' },
                ]}
              />
            )}
          </Space>
        </Col>
        <Col span={8}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Decisions project={p} />
            <Card size="small" title={t('reform.history')}>
              <Timeline
                items={p.decisions.map((d) => ({ children: <span>{`${formatDate(new Date(d.at))} ${t(`reform.decisionKinds.${d.kind}`)}${d.by ? ` · ${d.by.name}` : ''}${d.note ? `：${d.note}` : ''}`}</span> }))}
              />
              {p.documents.map((d) => (
                <div key={d.documentNumber}>{`${t(`reform.documentKinds.${d.kind}`)} ${d.documentNumber}（${d.effectiveDate}）`}</div>
              ))}
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

export function ProjectPage() {
  return (
    <RequirePermission permission="reform.project.read">
      <Project />
    </RequirePermission>
  );
}
