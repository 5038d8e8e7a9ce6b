import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Empty, List, Modal, Result, Spin, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EstablishmentStage } from '@bianzhi/contracts/reform';
import { describeServerError, useTRPC } from '../../api/trpc.js';
import { useDateFormat } from '../use-date-format.js';

const workingStages: EstablishmentStage[] = ['creating', 'opening_accounts', 'allocating', 'publishing', 'activating'];
const statusColors: Record<string, string> = { RUNNING: 'processing', COMPLETED: 'success', FAILED: 'error' };

/**
 * Where an establishment stands, polled once a second while the worker runs it: the steps it takes
 * (the allocation and the document only when asked for), when each began, and how it ended. The
 * run lives in the worker, so a user can close this and come back to it from 设立进度.
 */
export function EstablishmentProgressView({ requestId, onOpenUnit }: { requestId: string; onOpenUnit: (id: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const format = useDateFormat();
  const progress = useQuery({
    ...trpc.reform.establishment.get.queryOptions({ requestId }),
    refetchInterval: (query) => (query.state.data?.status === 'RUNNING' || query.state.error ? 1000 : false),
  });
  const finished = progress.data && progress.data.status !== 'RUNNING';
  useEffect(() => {
    // The new unit, its quota and its document show everywhere once the run ends.
    if (finished) void queryClient.invalidateQueries({ predicate: (query) => !JSON.stringify(query.queryKey).includes('"establishment"') });
  }, [finished, queryClient]);

  if (progress.isPending) return <Spin style={{ display: 'block', margin: 32 }} />;
  if (progress.isError) return <Alert type="error" showIcon role="alert" message={describeServerError(progress.error, t('errors.network')).message} />;
  const state = progress.data;
  const stagedAt = state.stagedAt ?? {};
  // Steps a run may skip show while it runs; once it has completed (its status can say RUNNING a moment longer), only those it took.
  const running = state.status === 'RUNNING' && state.stage !== 'completed';
  const steps = workingStages.filter((stage) => (stage !== 'allocating' && stage !== 'publishing') || stagedAt[stage] !== undefined || running);
  const failedAt = state.stage === 'failed' ? [...steps].reverse().find((stage) => stagedAt[stage] !== undefined) ?? 'creating' : null;
  const current = state.stage === 'completed' ? steps.length : steps.indexOf(failedAt ?? state.stage);
  return (
    <>
      <Steps
        direction="vertical"
        size="small"
        current={current}
        status={failedAt ? 'error' : state.stage === 'completed' ? 'finish' : 'process'}
        items={steps.map((stage) => ({ title: t(`organizations.establish.stages.${stage}`), description: stagedAt[stage] ? format(new Date(stagedAt[stage])) : undefined }))}
      />
      {state.stage === 'completed' && (
        <Result
          status="success"
          title={t('organizations.establish.done', { name: state.name ?? '' })}
          extra={state.organizationId && <Button type="primary" onClick={() => onOpenUnit(state.organizationId!)}>{t('organizations.establish.view')}</Button>}
        />
      )}
      {failedAt && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={t('organizations.establish.failed', { stage: t(`organizations.establish.stages.${failedAt}`), error: state.error ?? '' })}
          description={state.organizationId ? t('organizations.establish.failedHelp') : undefined}
          action={state.organizationId && <Button size="small" onClick={() => onOpenUnit(state.organizationId!)}>{t('organizations.establish.view')}</Button>}
        />
      )}
      {state.status === 'RUNNING' && <Typography.Paragraph type="secondary">{t('organizations.establish.background')}</Typography.Paragraph>}
    </>
  );
}

/** 设立进度: the establishments in the caller's jurisdictions, newest first; one opens its progress. */
export function EstablishmentsDrawer({ open, onClose, onOpenUnit }: { open: boolean; onClose: () => void; onOpenUnit: (id: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const format = useDateFormat();
  const [shown, setShown] = useState<{ requestId: string; name: string } | null>(null);
  const list = useQuery({ ...trpc.reform.establishment.list.queryOptions({}), enabled: open, refetchInterval: open ? 3000 : false });
  return (
    <Drawer title={t('organizations.establish.list')} open={open} onClose={onClose} width={520}>
      {list.isError ? (
        <Result status="error" title={t('common.loadFailed')} subTitle={describeServerError(list.error, t('errors.network')).message} extra={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />
      ) : (
        <List
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('organizations.establish.listEmpty')} /> }}
          renderItem={(item) => (
            <List.Item actions={[<Button key="open" type="link" onClick={() => setShown({ requestId: item.requestId, name: item.name })}>{t('organizations.establish.progress')}</Button>]}>
              <List.Item.Meta
                title={item.name}
                description={
                  <>
                    <Tag color={statusColors[item.status] ?? 'default'}>{t(`organizations.establish.statuses.${item.status}`, { defaultValue: item.status })}</Tag>
                    {t('organizations.establish.started', { time: format(new Date(item.startedAt)) })}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      <Modal title={shown ? t('organizations.establish.progressTitle', { name: shown.name }) : ''} open={shown !== null} onCancel={() => setShown(null)} footer={null} destroyOnHidden>
        {shown && (
          <EstablishmentProgressView
            requestId={shown.requestId}
            onOpenUnit={(id) => {
              setShown(null);
              onClose();
              onOpenUnit(id);
            }}
          />
        )}
      </Modal>
    </Drawer>
  );
}
