import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { FilePdfOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { WatchedFiguresDto, WatchedUnitDto, WatchReason } from '@bianzhi/contracts/reduction';
import { previousQuarter, quarterOf, type Trend } from '@bianzhi/domain/reduction';
import { todayInChina } from '@bianzhi/domain/calendar';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan, useMe } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { ExportButton } from '../table-export.js';
import { downloadBase64 } from '../download.js';
import { emptyOrFailed } from '../load-state.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';

const reasonColors: Record<WatchReason, string> = { over_quota: 'red', behind_target: 'orange', cross_check: 'purple', by_hand: 'blue' };
const trendColors: Record<Trend, string> = { better: 'green', same: 'default', worse: 'red', new: 'blue' };
const over = (figures: WatchedFiguresDto[] | null) => (figures ? figures.reduce((sum, f) => sum + f.over, 0) : null);

/** A modal with one reason to give: adding a unit by hand (with the unit) or taking it off. */
function WatchModal({ mode, onClose }: { mode: { add: true } | { remove: WatchedUnitDto } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ organizationId?: string; reason?: 'by_hand' | 'cross_check'; note: string }>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const done = async (text: string) => {
    message.success(text);
    await queryClient.invalidateQueries({ queryKey: trpc.ledger.monitoring.list.queryKey() });
    form.resetFields();
    setRefusal(null);
    onClose();
  };
  const onError = (error: unknown) => setRefusal(describeServerError(error, t('errors.network')));
  const add = useMutation(trpc.ledger.monitoring.add.mutationOptions({ onSuccess: () => done(t('monitoring.added')), onError }));
  const remove = useMutation(trpc.ledger.monitoring.remove.mutationOptions({ onSuccess: () => done(t('monitoring.removed')), onError }));
  const adding = mode !== null && 'add' in mode;
  const required = [{ required: true, whitespace: true, message: t('monitoring.required') }];
  return (
    <Modal
      title={adding ? t('monitoring.add') : `${t('monitoring.remove')}：${mode && 'remove' in mode ? mode.remove.organizationName : ''}`}
      open={mode !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={adding ? t('monitoring.add') : t('monitoring.remove')}
      cancelText={t('common.cancel')}
      confirmLoading={add.isPending || remove.isPending}
      forceRender
    >
      <RefusalAlert error={refusal} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ reason: 'by_hand' }}
        onFinish={(v) => {
          if (adding) add.mutate({ organizationId: v.organizationId!, reason: v.reason ?? 'by_hand', note: v.note });
          else if (mode && 'remove' in mode && mode.remove.entry) remove.mutate({ id: mode.remove.entry.id, note: v.note });
        }}
      >
        {adding && (
          <>
            <Form.Item label={t('monitoring.columns.unit')} name="organizationId" rules={[{ required: true, message: t('monitoring.required') }]}>
              <OrganizationPicker ariaLabel={t('monitoring.columns.unit')} />
            </Form.Item>
            <Form.Item label={t('monitoring.columns.reasons')} name="reason">
              <Select aria-label={t('monitoring.columns.reasons')} options={(['by_hand', 'cross_check'] as const).map((value) => ({ value, label: t(`monitoring.reasons.${value}`) }))} />
            </Form.Item>
          </>
        )}
        <Form.Item label={t('monitoring.note')} name="note" rules={required}>
          <Input.TextArea rows={3} maxLength={1000} aria-label={t('monitoring.note')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 季度监控: the watch list of a jurisdiction for a quarter, its figures (frozen at the quarter's end) against the quarter before, and the report. */
export function MonitoringPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const me = useMe();
  const canManage = useCan('ledger.monitoring.manage');
  const jurisdictions = useJurisdictionOptions();
  const current = quarterOf(todayInChina());
  const [jurisdictionId, setJurisdictionId] = useState<string | undefined>(undefined);
  const [quarter, setQuarter] = useState<string>(current);
  const [mode, setMode] = useState<{ add: true } | { remove: WatchedUnitDto } | null>(null);
  const chosen = jurisdictionId ?? me.data?.jurisdictionId ?? undefined;
  const list = useQuery({ ...trpc.ledger.monitoring.list.queryOptions({ jurisdictionId: chosen!, quarter }), enabled: Boolean(chosen) });
  const quarters = [current, previousQuarter(current), previousQuarter(previousQuarter(current)), previousQuarter(previousQuarter(previousQuarter(current)))];
  const report = async (format: 'xlsx' | 'pdf') => {
    try {
      const file = await queryClient.fetchQuery({ ...trpc.ledger.monitoring.report.queryOptions({ jurisdictionId: chosen!, quarter, format }), staleTime: 0 });
      downloadBase64(file.filename, file.contentBase64, file.contentType);
    } catch (error) {
      void message.error(describeServerError(error, t('errors.network')).message);
    }
  };
  const headers = [t('monitoring.columns.unit'), t('monitoring.columns.reasons'), t('monitoring.columns.figures'), t('monitoring.columns.over'), t('monitoring.columns.previousOver'), t('monitoring.columns.behind'), t('monitoring.columns.trend'), t('monitoring.note')];
  const figuresText = (f: WatchedFiguresDto[]) => f.map((x) => `${t(`organizations.quotaTypes.${x.ledger}`)} ${x.occupied}/${x.quota}`).join('；');
  return (
    <RequirePermission permission="ledger.monitoring.read">
      <Card
        title={t('monitoring.title')}
        extra={
          <Space wrap>
            <TreeSelect style={{ width: 200 }} treeData={jurisdictions.treeData} treeDefaultExpandAll value={chosen} onChange={setJurisdictionId} aria-label={t('monitoring.jurisdiction')} />
            <Select style={{ width: 110 }} value={quarter} onChange={setQuarter} aria-label={t('monitoring.quarter')} options={quarters.map((q) => ({ value: q, label: q }))} />
            <ExportButton
              filename={`${t('monitoring.title')}-${quarter}.xlsx`}
              sheetName={t('monitoring.title')}
              columns={headers.map((header, i) => ({ header, width: i === 0 || i === 2 || i === 7 ? 30 : 12 }))}
              rows={() => (list.data?.units ?? []).map((u) => [u.organizationName, u.reasons.map((r) => t(`monitoring.reasons.${r}`)).join('、'), figuresText(u.figures), over(u.figures), over(u.previous) ?? '—', u.behindTargets, t(`monitoring.trends.${u.trend}`), u.entry?.note ?? ''])}
            />
            <Button size="small" icon={<FileExcelOutlined />} disabled={!chosen} onClick={() => void report('xlsx')}>
              {t('monitoring.reportExcel')}
            </Button>
            <Button size="small" icon={<FilePdfOutlined />} disabled={!chosen} onClick={() => void report('pdf')}>
              {t('monitoring.reportPdf')}
            </Button>
            {canManage && (
              <Button type="primary" onClick={() => setMode({ add: true })}>
                {t('monitoring.add')}
              </Button>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          {t('monitoring.help')} {list.data && (list.data.frozen ? <Tag color="blue">{t('monitoring.frozen', { quarter })}</Tag> : <Tag>{t('monitoring.live')}</Tag>)}
        </Typography.Paragraph>
        <Table<WatchedUnitDto>
          rowKey="organizationId"
          loading={list.isPending && Boolean(chosen)}
          locale={emptyOrFailed(list)}
          dataSource={list.data?.units ?? []}
          columns={[
            { title: t('monitoring.columns.unit'), dataIndex: 'organizationName' },
            { title: t('monitoring.columns.reasons'), dataIndex: 'reasons', render: (rs: WatchReason[]) => rs.map((r) => <Tag key={r} color={reasonColors[r]}>{t(`monitoring.reasons.${r}`)}</Tag>) },
            { title: t('monitoring.columns.figures'), key: 'figures', render: (_, u) => figuresText(u.figures) },
            { title: t('monitoring.columns.over'), key: 'over', width: 80, render: (_, u) => over(u.figures) },
            { title: t('monitoring.columns.previousOver'), key: 'previous', width: 110, render: (_, u) => over(u.previous) ?? '—' },
            { title: t('monitoring.columns.behind'), dataIndex: 'behindTargets', width: 90 },
            { title: t('monitoring.columns.trend'), dataIndex: 'trend', width: 90, render: (tr: Trend) => <Tag color={trendColors[tr]}>{t(`monitoring.trends.${tr}`)}</Tag> },
            { title: t('monitoring.note'), key: 'note', ellipsis: true, render: (_, u) => u.entry?.note ?? '' },
            {
              title: t('monitoring.columns.actions'),
              width: 100,
              render: (_, u) =>
                canManage && u.entry ? (
                  <Button size="small" onClick={() => setMode({ remove: u })}>
                    {t('monitoring.remove')}
                  </Button>
                ) : null,
            },
          ]}
        />
        <WatchModal mode={mode} onClose={() => setMode(null)} />
      </Card>
    </RequirePermission>
  );
}
