import { useState } from 'react';
import type { Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { bandModes, indicators, standardSectors, type StandardDefinition, type StandardDto } from '@bianzhi/contracts/standards';
import { institutionClasses } from '@bianzhi/domain/organization';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { chinaToday, useIndicatorLabel, useSectorLabel } from './labels.js';

const DAY = 'YYYY-MM-DD';

interface EditorValues extends Omit<StandardDefinition, 'institutionClass'> {
  code: string;
  institutionClass?: StandardDefinition['institutionClass'];
  documentNumber: string;
  effectiveFrom: Dayjs;
}

/** 历史版本: every version of a standard, newest first, with its ratios. */
export function VersionsModal({ id, onClose }: { id: string; onClose: () => void }) {
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

/** 新建标准 / 修订: a new standard or its next version; the server checks it whole and names what is wrong. */
export function StandardEditor({ standard, onClose }: { standard: StandardDto | null; onClose: () => void }) {
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
