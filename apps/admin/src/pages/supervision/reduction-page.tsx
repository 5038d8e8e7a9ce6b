import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Modal, Progress, Radio, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReductionTargetDto, ReductionTargetRequest } from '@bianzhi/contracts/reduction';
import { quotaTypes, type QuotaType } from '@bianzhi/contracts/ledger';
import { reductionMeasures, type ReductionMeasure, type ReductionStatus } from '@bianzhi/domain/reduction';
import { todayInChina } from '@bianzhi/domain/calendar';
import { useTRPC } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { ExportButton } from '../table-export.js';
import { emptyOrFailed } from '../load-state.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { useFileMatter, type MatterFields } from '../matters/file-matter.js';

export const statusColors: Record<ReductionStatus, string> = { on_pace: 'green', behind: 'orange', met: 'blue', missed: 'red' };

/** The target as filed, whether it names a unit or a jurisdiction, with the matter's own fields. */
type TargetForm = MatterFields & ReductionTargetRequest & { scope: 'organization' | 'jurisdiction'; title: string };

/** 下达减编任务: filed as a matter (kind reduction_target); the form keeps what was typed when refused. */
function FileTargetModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TargetForm>();
  const jurisdictions = useJurisdictionOptions();
  const scope = Form.useWatch('scope', form);
  const matter = useFileMatter(() => {
    form.resetFields();
    onClose();
  }, t('reduction.chainHint'));
  const required = [{ required: true, message: t('reduction.required') }];
  return (
    <Modal title={t('reduction.file')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('reduction.fileOk')} cancelText={t('common.cancel')} confirmLoading={matter.pending} forceRender width={680}>
      <RefusalAlert error={matter.refusal} />
      <Form<TargetForm>
        form={form}
        layout="vertical"
        initialValues={{ scope: 'organization', ledger: 'administrative', measure: 'quota', startDate: todayInChina() }}
        onFinish={(v) =>
          void matter.submit(v.title, v, {
            reduction: { ...(v.scope === 'organization' ? { organizationId: v.organizationId } : { jurisdictionId: v.jurisdictionId }), ledger: v.ledger, measure: v.measure, amount: v.amount, startDate: v.startDate, deadline: v.deadline, basisDocument: v.basisDocument },
          })
        }
      >
        <Form.Item label={t('reduction.form.title')} name="title" rules={[{ ...required[0], whitespace: true }]}>
          <Input maxLength={200} aria-label={t('reduction.form.title')} />
        </Form.Item>
        <Form.Item label={t('reduction.form.scope')} name="scope">
          <Radio.Group options={[{ value: 'organization', label: t('reduction.form.byUnit') }, { value: 'jurisdiction', label: t('reduction.form.byJurisdiction') }]} />
        </Form.Item>
        {scope === 'jurisdiction' ? (
          <Form.Item label={t('reduction.form.jurisdiction')} name="jurisdictionId" rules={required}>
            <TreeSelect treeData={jurisdictions.treeData} treeDefaultExpandAll aria-label={t('reduction.form.jurisdiction')} />
          </Form.Item>
        ) : (
          <Form.Item label={t('reduction.form.unit')} name="organizationId" rules={required}>
            <OrganizationPicker ariaLabel={t('reduction.form.unit')} />
          </Form.Item>
        )}
        <Space align="start" wrap>
          <Form.Item label={t('reduction.columns.ledger')} name="ledger" rules={required}>
            <Select style={{ width: 160 }} aria-label={t('reduction.columns.ledger')} options={quotaTypes.map((value) => ({ value, label: t(`organizations.quotaTypes.${value}`) }))} />
          </Form.Item>
          <Form.Item label={t('reduction.columns.measure')} name="measure" rules={required}>
            <Select style={{ width: 240 }} aria-label={t('reduction.columns.measure')} options={reductionMeasures.map((value) => ({ value, label: t(`reduction.measures.${value}`) }))} />
          </Form.Item>
          <Form.Item label={t('reduction.columns.amount')} name="amount" rules={required}>
            <InputNumber min={1} max={100000} precision={0} aria-label={t('reduction.columns.amount')} />
          </Form.Item>
        </Space>
        <Space align="start" wrap>
          <Form.Item label={t('reduction.columns.startDate')} name="startDate" rules={required}>
            <Input type="date" style={{ width: 170 }} aria-label={t('reduction.columns.startDate')} />
          </Form.Item>
          <Form.Item label={t('reduction.columns.deadline')} name="deadline" rules={required}>
            <Input type="date" style={{ width: 170 }} aria-label={t('reduction.columns.deadline')} />
          </Form.Item>
        </Space>
        <Form.Item label={t('reduction.columns.basis')} name="basisDocument" rules={[{ ...required[0], whitespace: true }]}>
          <Input maxLength={200} placeholder="海编发〔2026〕5号" aria-label={t('reduction.columns.basis')} />
        </Form.Item>
        {matter.fields}
      </Form>
    </Modal>
  );
}

/** 减编任务: every target in reach with its progress computed from the ledger, the pace needed, flags and violations. */
export function ReductionPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canFile = useCan('approval.matter.file');
  const [filing, setFiling] = useState(false);
  const [status, setStatus] = useState<ReductionStatus | undefined>();
  const targets = useQuery(trpc.ledger.target.list.queryOptions({}));
  const units = useQuery({ ...trpc.registry.organization.lookup.queryOptions({ ids: [...new Set((targets.data ?? []).flatMap((x) => (x.organizationId ? [x.organizationId] : [])))] }), enabled: (targets.data ?? []).some((x) => x.organizationId) });
  const jurisdictions = useJurisdictionOptions();
  const nameOf = (x: ReductionTargetDto) => (x.organizationId ? (units.data?.find((u) => u.id === x.organizationId)?.name ?? '…') : (jurisdictions.nameOf.get(x.jurisdictionId) ?? '…'));
  const shown = (targets.data ?? []).filter((x) => !status || x.status === status);
  const headers = [t('reduction.columns.title'), t('reduction.columns.unit'), t('reduction.columns.ledger'), t('reduction.columns.measure'), t('reduction.columns.amount'), t('reduction.columns.achieved'), t('reduction.columns.remaining'), t('reduction.columns.expected'), t('reduction.columns.pace'), t('reduction.columns.deadline'), t('reduction.columns.status'), t('reduction.columns.flag'), t('reduction.columns.basis')];
  return (
    <RequirePermission permission="ledger.target.read">
      <Card
        title={t('reduction.title')}
        extra={
          <Space wrap>
            <Select allowClear placeholder={t('reduction.allStatuses')} value={status} onChange={setStatus} style={{ width: 130 }} aria-label={t('reduction.columns.status')} options={(['on_pace', 'behind', 'met', 'missed'] as const).map((value) => ({ value, label: t(`reduction.statuses.${value}`) }))} />
            <ExportButton
              filename={`${t('reduction.title')}.xlsx`}
              sheetName={t('reduction.title')}
              columns={headers.map((header, i) => ({ header, width: i < 2 ? 28 : 12 }))}
              rows={() => shown.map((x) => [x.title, nameOf(x), t(`organizations.quotaTypes.${x.ledger}`), t(`reduction.measures.${x.measure}`), x.amount, x.achieved, x.remaining, x.expected, x.pacePerQuarter, x.deadline, t(`reduction.statuses.${x.status}`), x.flaggedAt ?? '', x.basisDocument])}
            />
            {canFile && (
              <Button type="primary" onClick={() => setFiling(true)}>
                {t('reduction.file')}
              </Button>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('reduction.help')}</Typography.Paragraph>
        <Table<ReductionTargetDto>
          rowKey="id"
          loading={targets.isPending}
          locale={emptyOrFailed(targets)}
          dataSource={shown}
          expandable={{
            rowExpandable: (x) => x.quarters.length > 0,
            expandedRowRender: (x) => (
              <Table
                rowKey="day"
                size="small"
                pagination={false}
                dataSource={x.quarters}
                columns={[
                  { title: t('reduction.quarters.day'), dataIndex: 'day' },
                  { title: t('reduction.columns.achieved'), dataIndex: 'achieved' },
                  { title: t('reduction.columns.expected'), dataIndex: 'expected' },
                  { title: t('reduction.columns.remaining'), dataIndex: 'remaining' },
                  { title: t('reduction.columns.status'), dataIndex: 'status', render: (s: ReductionStatus) => <Tag color={statusColors[s]}>{t(`reduction.statuses.${s}`)}</Tag> },
                ]}
              />
            ),
          }}
          columns={[
            { title: t('reduction.columns.title'), dataIndex: 'title' },
            { title: t('reduction.columns.unit'), key: 'unit', render: (_, x) => nameOf(x) },
            { title: t('reduction.columns.ledger'), dataIndex: 'ledger', width: 110, render: (l: QuotaType) => t(`organizations.quotaTypes.${l}`) },
            { title: t('reduction.columns.measure'), dataIndex: 'measure', width: 150, render: (m: ReductionMeasure) => t(`reduction.measures.${m}`) },
            { title: t('reduction.columns.progress'), key: 'progress', width: 200, render: (_, x) => <Progress percent={Math.round((100 * Math.min(x.achieved, x.amount)) / x.amount)} size="small" format={() => `${x.achieved}/${x.amount}`} status={x.status === 'missed' ? 'exception' : x.status === 'met' ? 'success' : 'normal'} /> },
            { title: t('reduction.columns.remaining'), dataIndex: 'remaining', width: 70 },
            { title: t('reduction.columns.expected'), dataIndex: 'expected', width: 90 },
            { title: t('reduction.columns.pace'), dataIndex: 'pacePerQuarter', width: 110 },
            { title: t('reduction.columns.deadline'), dataIndex: 'deadline', width: 110 },
            {
              title: t('reduction.columns.status'),
              dataIndex: 'status',
              width: 170,
              render: (s: ReductionStatus, x) => (
                <Space size={4} wrap>
                  <Tag color={statusColors[s]}>{t(`reduction.statuses.${s}`)}</Tag>
                  {x.flaggedAt && <Tag color="volcano">{t('reduction.flagged', { day: x.flaggedAt })}</Tag>}
                  {x.violationId && <Tag color="red">{t('reduction.violation')}</Tag>}
                </Space>
              ),
            },
          ]}
        />
        <FileTargetModal open={filing} onClose={() => setFiling(false)} />
      </Card>
    </RequirePermission>
  );
}
