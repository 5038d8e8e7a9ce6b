import { useState } from 'react';
import type { Dayjs } from 'dayjs';
import { Link } from '@tanstack/react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Switch, Table, Tabs, Tag, Timeline, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { bandModes, indicators, standardSectors, type StandardDefinition, type StandardDto, type UnitStandardDto } from '@bianzhi/contracts/standards';
import { institutionClasses } from '@bianzhi/domain/organization';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { fileToBase64, useExcelDownload } from '../download.js';
import { emptyOrFailed } from '../load-state.js';
import { ExportButton } from '../table-export.js';
import { ImportRefusalAlert, RefusalAlert } from '../organizations/policy-refusal.js';
import { GapTag } from '../organizations/standard-tab.js';
import { chinaToday, useIndicatorLabel, useSectorLabel } from './labels.js';

const DAY = 'YYYY-MM-DD';

/** 编制标准: the standards as data (the city bureau edits them, every version kept), and every measured unit against its standard. */
export function StandardsPage() {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('standards.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('standards.help')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'gap', label: t('standards.gap.title'), children: <GapReport /> },
          { key: 'standards', label: t('standards.list.title'), children: <StandardsList /> },
        ]}
      />
    </Space>
  );
}

function StandardsList() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canEdit = useCan('ledger.standard.manage');
  const sectorLabel = useSectorLabel();
  const list = useQuery(trpc.ledger.standard.list.queryOptions({}));
  const [editing, setEditing] = useState<StandardDto | 'new' | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        {canEdit && (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('standards.list.create')}
          </Button>
        )}
        <ExportButton
          filename={`${t('standards.title')}.xlsx`}
          sheetName={t('standards.list.title')}
          columns={[{ header: t('standards.list.code') }, { header: t('standards.list.name'), width: 30 }, { header: t('standards.list.sector') }, { header: t('standards.list.variants'), width: 24 }, { header: t('standards.list.version'), width: 20 }, { header: t('standards.documentNumber'), width: 20 }, { header: t('standards.list.units') }]}
          rows={() =>
            (list.data ?? []).map((s) => [
              s.code,
              s.current?.definition.name ?? '',
              s.current ? sectorLabel(s.current.definition.sector) : '',
              s.current?.definition.variants.map((v) => v.label).join('、') ?? '',
              s.current ? `${t('standards.versionOf', { version: s.current.version })}（${s.current.effectiveFrom}）` : '',
              s.current?.documentNumber ?? '',
              s.units,
            ])
          }
        />
      </Space>
      <Table<StandardDto>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        locale={emptyOrFailed(list)}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('standards.list.code'), dataIndex: 'code', width: 110 },
          { title: t('standards.list.name'), render: (_, s) => s.current?.definition.name ?? t('standards.list.notYetInForce') },
          { title: t('standards.list.sector'), width: 120, render: (_, s) => (s.current ? sectorLabel(s.current.definition.sector) : '—') },
          { title: t('standards.list.variants'), render: (_, s) => s.current?.definition.variants.map((v) => <Tag key={v.key}>{v.label}</Tag>) },
          { title: t('standards.list.version'), width: 150, render: (_, s) => (s.current ? `${t('standards.versionOf', { version: s.current.version })}（${s.current.effectiveFrom}）` : '—') },
          { title: t('standards.documentNumber'), render: (_, s) => s.current?.documentNumber ?? '—' },
          { title: t('standards.list.units'), dataIndex: 'units', width: 90 },
          {
            title: '',
            width: 170,
            render: (_, s) => (
              <Space>
                <Button size="small" type="link" onClick={() => setHistory(s.id)}>
                  {t('standards.list.versions')}
                </Button>
                {canEdit && (
                  <Button size="small" type="link" onClick={() => setEditing(s)}>
                    {t('standards.list.revise')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && <StandardEditor standard={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {history && <VersionsModal id={history} onClose={() => setHistory(null)} />}
    </Space>
  );
}

function VersionsModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const standard = useQuery(trpc.ledger.standard.get.queryOptions({ id }));
  const indicatorLabel = useIndicatorLabel();
  return (
    <Modal open title={t('standards.list.versions')} onCancel={onClose} footer={null} width={720}>
      <Timeline
        items={(standard.data?.versions ?? []).map((v) => ({
          children: (
            <div>
              <strong>{t('standards.versionOf', { version: v.version })}</strong> · {v.documentNumber} · {t('standards.list.effectiveFrom', { date: v.effectiveFrom })} · {v.recordedBy.name ?? v.recordedBy.id}
              <ul style={{ margin: '4px 0' }}>
                {v.definition.ratios.map((r) => (
                  <li key={`${r.variant}-${r.indicator}`}>
                    {v.definition.variants.find((x) => x.key === r.variant)?.label ?? r.variant} · {indicatorLabel(r.indicator)}：{r.bands.map((b) => `${b.upTo === null ? t('standards.editor.rest') : `≤${b.upTo}`} ${b.staff}/${b.per}`).join('；')}
                  </li>
                ))}
              </ul>
            </div>
          ),
        }))}
      />
    </Modal>
  );
}

interface EditorValues extends Omit<StandardDefinition, 'institutionClass'> {
  code: string;
  institutionClass?: StandardDefinition['institutionClass'];
  documentNumber: string;
  effectiveFrom: Dayjs;
}

/** 新建标准 / 修订: a new standard or its next version; the server checks it whole and names what is wrong. */
function StandardEditor({ standard, onClose }: { standard: StandardDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const indicatorLabel = useIndicatorLabel();
  const sectorLabel = useSectorLabel();
  const [form] = Form.useForm<EditorValues>();
  const variants = Form.useWatch('variants', form) ?? [];
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const save = useMutation(
    trpc.ledger.standard.save.mutationOptions({
      onSuccess: async () => {
        void message.success(t('common.saved'));
        await queryClient.invalidateQueries({ queryKey: trpc.ledger.standard.list.queryKey() });
        onClose();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  const current = standard?.current?.definition;
  const initial: Partial<EditorValues> = current
    ? { ...current, institutionClass: current.institutionClass, code: standard.code, effectiveFrom: chinaToday() }
    : { code: '', sector: 'education', variants: [{ key: 'default', label: t('standards.editor.defaultVariant') }], ratios: [{ indicator: 'students_primary', variant: 'default', mode: 'step', bands: [{ upTo: null, staff: 1, per: 19 }] }], minimum: null, maximum: null, effectiveFrom: chinaToday() };
  const submit = (v: EditorValues) =>
    save.mutate({
      id: standard?.id,
      expectedVersion: standard?.latestVersion,
      code: v.code,
      documentNumber: v.documentNumber,
      effectiveFrom: v.effectiveFrom.format(DAY),
      definition: { name: v.name, sector: v.sector, institutionClass: v.institutionClass ?? null, variants: v.variants, ratios: v.ratios.map((r) => ({ ...r, bands: r.bands.map((b) => ({ ...b, upTo: b.upTo ?? null })) })), minimum: v.minimum ?? null, maximum: v.maximum ?? null },
    });
  const required = [{ required: true, message: t('organizations.form.required') }];
  return (
    <Modal open width={900} title={standard ? t('standards.editor.revise', { code: standard.code }) : t('standards.list.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} okText={t('common.save')} cancelText={t('common.cancel')}>
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item label={t('standards.list.code')} name="code" rules={required}>
              <Input disabled={!!standard} maxLength={40} aria-label={t('standards.list.code')} />
            </Form.Item>
          </Col>
          <Col span={18}>
            <Form.Item label={t('standards.list.name')} name="name" rules={required}>
              <Input maxLength={200} aria-label={t('standards.list.name')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('standards.list.sector')} name="sector" rules={required}>
              <Select aria-label={t('standards.list.sector')} options={standardSectors.map((s) => ({ value: s, label: sectorLabel(s) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('standards.editor.institutionClass')} name="institutionClass">
              <Select allowClear aria-label={t('standards.editor.institutionClass')} options={institutionClasses.map((c) => ({ value: c, label: t(`organizations.classes.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label={t('standards.editor.minimum')} name="minimum">
              <InputNumber min={0} precision={0} aria-label={t('standards.editor.minimum')} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label={t('standards.editor.maximum')} name="maximum">
              <InputNumber min={0} precision={0} aria-label={t('standards.editor.maximum')} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('standards.list.variants')}</Typography.Text>
        <Form.List name="variants">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item name={[field.name, 'key']} rules={[{ required: true, pattern: /^[a-z0-9_]{1,40}$/, message: t('standards.editor.keyRule') }]}>
                    <Input placeholder={t('standards.editor.variantKey')} style={{ width: 140 }} aria-label={t('standards.editor.variantKey')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'label']} rules={required}>
                    <Input placeholder={t('standards.editor.variantLabel')} style={{ width: 160 }} aria-label={t('standards.editor.variantLabel')} />
                  </Form.Item>
                  {fields.length > 1 && <Button onClick={() => remove(field.name)}>{t('standards.editor.remove')}</Button>}
                </Space>
              ))}
              <Button size="small" onClick={() => add({ key: '', label: '' })} style={{ marginBottom: 12 }}>
                {t('standards.editor.addVariant')}
              </Button>
            </>
          )}
        </Form.List>
        <div>
          <Typography.Text strong>{t('standards.editor.ratios')}</Typography.Text>
          <Typography.Paragraph type="secondary">{t('standards.editor.ratiosHelp')}</Typography.Paragraph>
        </div>
        <Form.List name="ratios">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Card size="small" key={field.key} style={{ marginBottom: 8 }}>
                  <Space wrap align="baseline">
                    <Form.Item name={[field.name, 'variant']} rules={required}>
                      <Select style={{ width: 140 }} aria-label={t('standards.unit.variant')} options={variants.filter(Boolean).map((v) => ({ value: v.key, label: v.label || v.key }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'indicator']} rules={required}>
                      <Select style={{ width: 200 }} aria-label={t('standards.indicator')} options={indicators.map((i) => ({ value: i, label: indicatorLabel(i) }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'mode']} rules={required}>
                      <Select style={{ width: 200 }} aria-label={t('standards.editor.mode')} options={bandModes.map((m) => ({ value: m, label: t(`standards.editor.modes.${m}`) }))} />
                    </Form.Item>
                    <Button onClick={() => remove(field.name)}>{t('standards.editor.remove')}</Button>
                  </Space>
                  <Form.List name={[field.name, 'bands']}>
                    {(bands, bandOps) => (
                      <>
                        {bands.map((band) => (
                          <Space key={band.key} align="baseline">
                            <Form.Item label={t('standards.editor.upTo')} name={[band.name, 'upTo']}>
                              <InputNumber min={1} precision={0} placeholder={t('standards.editor.rest')} aria-label={t('standards.editor.upTo')} />
                            </Form.Item>
                            <Form.Item label={t('standards.editor.staff')} name={[band.name, 'staff']} rules={required}>
                              <InputNumber min={0.01} precision={2} aria-label={t('standards.editor.staff')} />
                            </Form.Item>
                            <Form.Item label={t('standards.editor.per')} name={[band.name, 'per']} rules={required}>
                              <InputNumber min={0.01} precision={2} aria-label={t('standards.editor.per')} />
                            </Form.Item>
                            {bands.length > 1 && <Button onClick={() => bandOps.remove(band.name)}>{t('standards.editor.remove')}</Button>}
                          </Space>
                        ))}
                        <Button size="small" onClick={() => bandOps.add({ upTo: null, staff: 1, per: 1 })}>
                          {t('standards.editor.addBand')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button size="small" onClick={() => add({ variant: variants[0]?.key, indicator: 'beds', mode: 'step', bands: [{ upTo: null, staff: 1, per: 1 }] })} style={{ marginBottom: 12 }}>
                {t('standards.editor.addRatio')}
              </Button>
            </>
          )}
        </Form.List>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('standards.documentNumber')} name="documentNumber" rules={required}>
              <Input maxLength={100} placeholder="示编〔2026〕8号" aria-label={t('standards.documentNumber')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('standards.editor.effectiveFrom')} name="effectiveFrom" rules={required}>
              <DatePicker aria-label={t('standards.editor.effectiveFrom')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** 标准测算: every measured unit of the caller's subtree against its standard, as of a day; indicators in from Excel, the report out. */
function GapReport() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const canImport = useCan('ledger.indicator.manage');
  const download = useExcelDownload();
  const template = useExcelDownload();
  const [asOf, setAsOf] = useState<Dayjs>(chinaToday());
  const [differencesOnly, setDifferencesOnly] = useState(false);
  const [importDate, setImportDate] = useState<Dayjs>(chinaToday());
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const input = { asOf: asOf.format(DAY), differencesOnly };
  const report = useQuery(trpc.analysis.standards.gap.queryOptions(input));
  const importing = useMutation(
    trpc.ledger.indicator.import.mutationOptions({
      onSuccess: async (result) => {
        setRefusal(null);
        void message.success(t('standards.import.done', result));
        await queryClient.invalidateQueries({ queryKey: trpc.analysis.standards.gap.queryKey() });
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  const s = report.data?.summary;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('standards.asOf')}</span>
        <DatePicker value={asOf} onChange={(d) => d && setAsOf(d)} allowClear={false} aria-label={t('standards.asOf')} />
        <Switch checked={differencesOnly} onChange={setDifferencesOnly} aria-label={t('standards.gap.differencesOnly')} />
        {t('standards.gap.differencesOnly')}
        <Button size="small" onClick={() => void download.download(() => queryClient.fetchQuery(trpc.analysis.standards.exportXlsx.queryOptions(input)))} loading={download.pending}>
          {t('common.exportExcel')}
        </Button>
      </Space>
      {canImport && (
        <Space wrap>
          <span>{t('standards.import.effectiveDate')}</span>
          <DatePicker value={importDate} onChange={(d) => d && setImportDate(d)} allowClear={false} aria-label={t('standards.import.effectiveDate')} />
          <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={async (file) => (importing.mutate({ fileName: file.name, contentBase64: await fileToBase64(file), effectiveDate: importDate.format(DAY) }), false)}>
            <Button icon={<UploadOutlined />} loading={importing.isPending}>
              {t('standards.import.button')}
            </Button>
          </Upload>
          <Button onClick={() => void template.download(() => queryClient.fetchQuery(trpc.ledger.indicator.template.queryOptions()))} loading={template.pending}>
            {t('standards.import.template')}
          </Button>
        </Space>
      )}
      <ImportRefusalAlert error={refusal} />
      <Row gutter={16}>
        <Col xs={12} md={4}>
          <Statistic title={t('standards.gap.measured')} value={s?.measured ?? 0} loading={report.isPending} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('standards.gap.standard')} value={s?.standard ?? 0} loading={report.isPending} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('standards.gap.held')} value={(s?.approved ?? 0) + (s?.filed ?? 0)} loading={report.isPending} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('standards.gap.shortfallTotal')} value={s?.shortfall ?? 0} loading={report.isPending} valueStyle={{ color: '#d46b08' }} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('standards.gap.excessTotal')} value={s?.excess ?? 0} loading={report.isPending} valueStyle={{ color: '#cf1322' }} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('standards.gap.incomplete')} value={s?.incomplete ?? 0} loading={report.isPending} />
        </Col>
      </Row>
      <Table
        size="small"
        rowKey="jurisdictionId"
        title={() => t('standards.gap.byJurisdiction')}
        dataSource={report.data?.byJurisdiction ?? []}
        pagination={false}
        columns={[
          { title: t('standards.gap.jurisdiction'), dataIndex: 'name' },
          { title: t('standards.gap.measured'), dataIndex: 'measured' },
          { title: t('standards.gap.standard'), dataIndex: 'standard' },
          { title: t('standards.gap.held'), dataIndex: 'held' },
          { title: t('standards.gap.shortfallTotal'), dataIndex: 'shortfall' },
          { title: t('standards.gap.excessTotal'), dataIndex: 'excess' },
        ]}
      />
      {report.data?.truncated && <Alert type="info" showIcon message={t('standards.gap.truncated', { n: report.data.units.length })} />}
      <Table<UnitStandardDto>
        size="small"
        rowKey="organizationId"
        loading={report.isFetching}
        locale={emptyOrFailed(report)}
        dataSource={report.data?.units ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('analysis.unit'), render: (_, u) => <Link to="/organizations/$organizationId" params={{ organizationId: u.organizationId }}>{u.name}</Link> },
          { title: t('standards.unit.standard'), render: (_, u) => (u.standard ? `${u.standard.name} · ${u.standard.variantLabel}` : '—') },
          { title: t('standards.unit.total'), render: (_, u) => u.computation?.total ?? '—' },
          { title: t('standards.unit.approved'), dataIndex: 'approved' },
          { title: t('standards.unit.filed'), render: (_, u) => (u.filingSystem ? u.filed : '—') },
          { title: t('standards.unit.gap'), render: (_, u) => <GapTag gap={u.gap} /> },
          { title: t('standards.unit.proposedFiled'), render: (_, u) => (u.proposedFiled === null ? '—' : `${u.proposedFiled}${u.filedChange ? `（${u.filedChange > 0 ? '+' : ''}${u.filedChange}）` : ''}`) },
          { title: t('standards.unit.incomplete'), render: (_, u) => (u.computation?.missing.length ? <Tag color="gold">{t('standards.unit.missingShort', { n: u.computation.missing.length })}</Tag> : null) },
        ]}
      />
    </Space>
  );
}
