import { useEffect, useState } from 'react';
import type { Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Modal, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { indicators, type Indicator, type IndicatorValueDto, type UnitStandardDto } from '@bianzhi/contracts/standards';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { emptyOrFailed } from '../load-state.js';
import { ExportButton } from '../table-export.js';
import { useFileMatter, type MatterFields } from '../matters/file-matter.js';
import { RefusalAlert } from './policy-refusal.js';
import { chinaToday, useIndicatorLabel } from '../standards/labels.js';

const DAY = 'YYYY-MM-DD';

/**
 * 核编标准 on a unit's page: its indicators as of a day with their history, the standard that
 * measures it, the standard total against its approved quota and filed headcount, and for a
 * filing-system unit the filed headcount its standard implies, filed as a matter from here.
 */
export function StandardTab({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canManage = useCan('ledger.indicator.manage');
  const indicatorLabel = useIndicatorLabel();
  const [asOf, setAsOf] = useState<Dayjs>(chinaToday());
  const [editing, setEditing] = useState<'indicators' | 'standard' | 'filed' | null>(null);
  // New indicators of a filing-system unit: once the figures are read again, the filed-headcount change they call for opens, ready to file.
  const [proposeAfterSave, setProposeAfterSave] = useState(false);
  const day = asOf.format(DAY);
  const measured = useQuery(trpc.ledger.standard.unit.queryOptions({ organizationId, asOf: day }));
  const values = useQuery(trpc.ledger.indicator.get.queryOptions({ organizationId, asOf: day }));
  useEffect(() => {
    if (!proposeAfterSave || !measured.data || measured.isFetching) return;
    setProposeAfterSave(false);
    if (measured.data.filedMove && canManage) setEditing('filed');
  }, [proposeAfterSave, measured.data, measured.isFetching, canManage]);
  if (measured.isPending) return <Spin />;
  if (measured.isError) return <Empty description={describeServerError(measured.error, t('errors.network')).message} />;
  const unit = measured.data;
  const c = unit.computation;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('standards.asOf')}</span>
        <DatePicker value={asOf} onChange={(d) => d && setAsOf(d)} allowClear={false} aria-label={t('standards.asOf')} />
        {canManage && (
          <>
            <Button onClick={() => setEditing('indicators')}>{t('standards.indicators.set')}</Button>
            <Button onClick={() => setEditing('standard')}>{t('standards.assign.title')}</Button>
          </>
        )}
      </Space>
      <Card size="small" title={t('standards.unit.title')}>
        {unit.standard ? (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('standards.unit.standard')}>
              {unit.standard.name} · {t('standards.versionOf', { version: unit.standard.version })} · {unit.standard.documentNumber}
            </Descriptions.Item>
            <Descriptions.Item label={t('standards.unit.variant')}>{unit.standard.variantLabel}</Descriptions.Item>
            <Descriptions.Item label={t('standards.unit.total')}>
              <strong data-testid="standard-total">{c?.total}</strong>
              {c && c.clampedBy && <Tag style={{ marginLeft: 8 }}>{t(`standards.unit.clamped.${c.clampedBy}`)}</Tag>}
              {c && <Typography.Text type="secondary"> （{t('standards.unit.exact', { exact: c.exact })}）</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('standards.unit.approved')}>{unit.approved}</Descriptions.Item>
            <Descriptions.Item label={t('standards.unit.filed')}>{unit.filingSystem ? unit.filed : t('standards.unit.notFiling')}</Descriptions.Item>
            <Descriptions.Item label={t('standards.unit.gap')}>
              <GapTag gap={unit.gap} />
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Paragraph type="secondary">{t('standards.unit.none')}</Typography.Paragraph>
        )}
        {c && c.missing.length > 0 && <Alert type="warning" showIcon message={t('standards.unit.missing', { indicators: c.missing.map(indicatorLabel).join('、') })} />}
        {c && (
          <Table
            size="small"
            pagination={false}
            rowKey="indicator"
            style={{ marginTop: 8 }}
            dataSource={c.terms}
            columns={[
              { title: t('standards.indicator'), render: (_, term) => indicatorLabel(term.indicator) },
              { title: t('standards.value'), dataIndex: 'value', render: (v: number | null) => v ?? '—' },
              { title: t('standards.unit.staff'), dataIndex: 'staff' },
            ]}
          />
        )}
      </Card>
      {unit.filingSystem && unit.proposedFiled !== null && unit.filedChange !== 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="filed-proposal"
          message={t('standards.proposal.message', { proposed: unit.proposedFiled, filed: unit.filed, change: unit.filedChange > 0 ? `+${unit.filedChange}` : String(unit.filedChange) })}
          description={t('standards.proposal.help')}
          action={
            canManage && (
              <Button size="small" type="primary" onClick={() => setEditing('filed')}>
                {t('standards.proposal.file')}
              </Button>
            )
          }
        />
      )}
      <Card
        size="small"
        title={t('standards.indicators.history')}
        extra={
          <ExportButton
            filename={`${organizationName}-${t('standards.indicators.history')}.xlsx`}
            sheetName={t('standards.indicators.history')}
            columns={[{ header: t('standards.indicator'), width: 24 }, { header: t('standards.value') }, { header: t('standards.effectiveDate') }, { header: t('standards.documentNumber'), width: 20 }, { header: t('standards.recordedBy') }]}
            rows={() => (values.data?.history ?? []).map((r) => [indicatorLabel(r.indicator), r.value, r.effectiveDate, r.documentNumber ?? '', r.recordedBy.name ?? r.recordedBy.id])}
          />
        }
      >
        <Table<IndicatorValueDto>
          size="small"
          rowKey={(r) => `${r.indicator}-${r.effectiveDate}-${String(r.recordedAt)}`}
          loading={values.isFetching}
          locale={emptyOrFailed(values)}
          dataSource={values.data?.history ?? []}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          columns={[
            { title: t('standards.indicator'), render: (_, r) => indicatorLabel(r.indicator) },
            { title: t('standards.value'), dataIndex: 'value' },
            { title: t('standards.effectiveDate'), dataIndex: 'effectiveDate' },
            { title: t('standards.documentNumber'), dataIndex: 'documentNumber', render: (v: string | null) => v ?? '—' },
            { title: t('standards.recordedBy'), render: (_, r) => r.recordedBy.name ?? r.recordedBy.id },
          ]}
        />
      </Card>
      {editing === 'indicators' && (
        <IndicatorsModal
          organizationId={organizationId}
          current={values.data?.values ?? {}}
          used={c?.terms.map((term) => term.indicator) ?? []}
          onClose={(saved) => {
            setEditing(null);
            if (saved && unit.filingSystem) setProposeAfterSave(true);
          }}
        />
      )}
      {editing === 'standard' && <AssignModal unit={unit} onClose={() => setEditing(null)} />}
      {editing === 'filed' && <FiledMatterModal unit={unit} organizationName={organizationName} onClose={() => setEditing(null)} />}
    </Space>
  );
}

export function GapTag({ gap }: { gap: number | null }) {
  const { t } = useTranslation();
  if (gap === null) return <>—</>;
  if (gap === 0) return <Tag color="green">{t('standards.gap.even')}</Tag>;
  return gap > 0 ? <Tag color="orange">{t('standards.gap.shortfall', { n: gap })}</Tag> : <Tag color="red">{t('standards.gap.excess', { n: -gap })}</Tag>;
}

function useInvalidateUnit() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.ledger.standard.unit.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.ledger.indicator.get.queryKey() })]);
}

/** 登记指标: the values from a day on; the earlier ones stay in the history. */
function IndicatorsModal({ organizationId, current, used, onClose }: { organizationId: string; current: Partial<Record<Indicator, number>>; used: Indicator[]; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const indicatorLabel = useIndicatorLabel();
  const invalidate = useInvalidateUnit();
  const [form] = Form.useForm<{ effectiveDate: Dayjs; documentNumber?: string; values: Partial<Record<Indicator, number | null>> }>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const shown = [...used, ...indicators.filter((i) => !used.includes(i))];
  const save = useMutation(
    trpc.ledger.indicator.set.mutationOptions({
      onSuccess: async () => {
        void message.success(t('common.saved'));
        await invalidate();
        onClose(true);
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  const submit = (v: { effectiveDate: Dayjs; documentNumber?: string; values: Partial<Record<Indicator, number | null>> }) => {
    const values = shown.flatMap((indicator) => (typeof v.values?.[indicator] === 'number' && v.values[indicator] !== current[indicator] ? [{ indicator, value: v.values[indicator] }] : []));
    if (values.length === 0) return void message.warning(t('standards.indicators.nothingChanged'));
    save.mutate({ organizationId, values, effectiveDate: v.effectiveDate.format(DAY), documentNumber: v.documentNumber?.trim() || undefined });
  };
  return (
    <Modal open title={t('standards.indicators.set')} onCancel={() => onClose(false)} onOk={() => form.submit()} confirmLoading={save.isPending} okText={t('common.save')} cancelText={t('common.cancel')}>
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ effectiveDate: chinaToday(), values: current }}>
        <Form.Item label={t('standards.effectiveDate')} name="effectiveDate" rules={[{ required: true, message: t('organizations.form.required') }]}>
          <DatePicker aria-label={t('standards.effectiveDate')} />
        </Form.Item>
        <Form.Item label={t('standards.documentNumber')} name="documentNumber">
          <Input maxLength={100} aria-label={t('standards.documentNumber')} />
        </Form.Item>
        {shown.map((indicator) => (
          <Form.Item key={indicator} label={indicatorLabel(indicator)} name={['values', indicator]}>
            <InputNumber min={0} max={100_000_000} precision={0} style={{ width: 200 }} aria-label={indicatorLabel(indicator)} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/** 适用标准: which standard measures the unit, as which variant; or none. */
function AssignModal({ unit, onClose }: { unit: UnitStandardDto; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const invalidate = useInvalidateUnit();
  const standards = useQuery(trpc.ledger.standard.list.queryOptions({}));
  const [form] = Form.useForm<{ standardId: string | null; variant?: string }>();
  const standardId = Form.useWatch('standardId', form);
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const chosen = standards.data?.find((s) => s.id === standardId);
  const assign = useMutation(
    trpc.ledger.standard.assign.mutationOptions({
      onSuccess: async () => {
        void message.success(t('common.saved'));
        await invalidate();
        onClose();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  return (
    <Modal open title={t('standards.assign.title')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={assign.isPending} okText={t('common.save')} cancelText={t('common.cancel')}>
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={{ standardId: unit.standard?.id ?? null, variant: unit.standard?.variant }} onFinish={(v) => assign.mutate({ organizationId: unit.organizationId, standardId: v.standardId ?? null, variant: v.standardId ? v.variant : undefined })}>
        <Form.Item label={t('standards.unit.standard')} name="standardId">
          <Select
            allowClear
            loading={standards.isPending}
            aria-label={t('standards.unit.standard')}
            placeholder={t('standards.assign.none')}
            onChange={() => form.setFieldValue('variant', undefined)}
            options={(standards.data ?? []).filter((s) => s.current).map((s) => ({ value: s.id, label: `${s.current!.definition.name}（${s.code}）` }))}
          />
        </Form.Item>
        {chosen?.current && (
          <Form.Item label={t('standards.unit.variant')} name="variant" rules={[{ required: true, message: t('organizations.form.required') }]}>
            <Select aria-label={t('standards.unit.variant')} options={chosen.current.definition.variants.map((v) => ({ value: v.key, label: v.label }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/**
 * 申报报备员额调整: the filed headcount the standard implies, as a quota movement matter — from the
 * jurisdiction's unallocated filed headcount to the unit, or back. The platform never moves it by itself.
 */
function FiledMatterModal({ unit, organizationName, onClose }: { unit: UnitStandardDto; organizationName: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MatterFields>();
  const matter = useFileMatter(onClose);
  const change = unit.filedChange;
  const submit = (fields: MatterFields) => {
    if (unit.filedMove) void matter.submit(t('standards.proposal.matterTitle', { unit: organizationName, filed: unit.proposedFiled }), fields, { moves: [unit.filedMove] });
  };
  return (
    <Modal open title={t('standards.proposal.file')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={matter.pending} okText={t('quota.allocate.file')} cancelText={t('common.cancel')} okButtonProps={{ disabled: !unit.filedMove }}>
      <RefusalAlert error={matter.refusal} />
      <Typography.Paragraph>{t('standards.proposal.message', { proposed: unit.proposedFiled, filed: unit.filed, change: change > 0 ? `+${change}` : String(change) })}</Typography.Paragraph>
      {!unit.filedMove && <Alert type="warning" showIcon message={t('standards.proposal.noAccounts')} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        {matter.fields}
      </Form>
    </Modal>
  );
}
