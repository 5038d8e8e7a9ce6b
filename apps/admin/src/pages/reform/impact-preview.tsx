import { Alert, Col, Descriptions, Row, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImpactPreview, ImpactRow } from '@bianzhi/contracts/reform';
import { EChart } from '../echart.js';
import { ExportButton } from '../table-export.js';

/** The impact preview as the committee reads it: refusals first, then figures, movements and a chart. */
export function ImpactPreviewView({ preview }: { preview: ImpactPreview }) {
  const { t, i18n } = useTranslation();
  const ledgerName = (ledger: string) => t(`reform.ledgers.${ledger}`);
  const rowColumns = [
    { title: t('reform.preview.unit'), dataIndex: 'name' },
    { title: t('reform.preview.ledger'), dataIndex: 'ledger', render: ledgerName },
    { title: t('reform.preview.quotaBefore'), dataIndex: 'quotaBefore', align: 'right' as const },
    { title: t('reform.preview.quotaAfter'), dataIndex: 'quotaAfter', align: 'right' as const },
    { title: t('reform.preview.occupiedBefore'), dataIndex: 'occupiedBefore', align: 'right' as const },
    { title: t('reform.preview.occupiedAfter'), dataIndex: 'occupiedAfter', align: 'right' as const },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="impact-preview">
      {preview.refusals.length > 0 ? (
        <Alert type="error" showIcon role="alert" message={t('reform.preview.refused')} description={<ul style={{ margin: 0 }}>{preview.refusals.map((r) => <li key={r.rule + r.message}>{`【${r.rule}】${r.localized?.[i18n.language === 'en' ? 'en' : 'zh-CN'] ?? r.message}`}</li>)}</ul>} />
      ) : (
        <Alert type="success" showIcon message={t('reform.preview.passes')} />
      )}
      <Descriptions size="small" column={4} bordered>
        <Descriptions.Item label={t('reform.preview.recovered')}>{preview.recovered}</Descriptions.Item>
        <Descriptions.Item label={t('reform.preview.cut')}>{preview.cut}</Descriptions.Item>
        <Descriptions.Item label={t('reform.preview.toPlace')}>{preview.toPlace.length}</Descriptions.Item>
        <Descriptions.Item label={t('reform.preview.overQuota')}>{preview.overQuota.reduce((s, o) => s + o.over, 0)}</Descriptions.Item>
      </Descriptions>
      {preview.notes.map((note) => (
        <Typography.Paragraph key={note} type="secondary" style={{ margin: 0 }}>
          {note}
        </Typography.Paragraph>
      ))}
      <Row gutter={16}>
        <Col span={14}>
          <Table<ImpactRow> size="small" rowKey={(r) => `${r.organizationId}/${r.ledger}`} pagination={false} dataSource={preview.rows} columns={rowColumns} title={() => <Space><Typography.Text strong>{t('reform.preview.rows')}</Typography.Text><ExportButton filename="改革影响预览.xlsx" sheetName="影响预览" columns={rowColumns.map((c) => ({ header: c.title }))} rows={() => preview.rows.map((r) => [r.name, ledgerName(r.ledger), r.quotaBefore, r.quotaAfter, r.occupiedBefore, r.occupiedAfter])} /></Space>} />
        </Col>
        <Col span={10}>
          <EChart
            label={t('reform.preview.chart')}
            height={Math.max(220, preview.rows.length * 36)}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { data: [t('reform.preview.quotaBefore'), t('reform.preview.quotaAfter')] },
              grid: { left: 140, right: 16, top: 32, bottom: 24 },
              xAxis: { type: 'value' },
              yAxis: { type: 'category', data: preview.rows.map((r) => r.name) },
              series: [
                { name: t('reform.preview.quotaBefore'), type: 'bar', data: preview.rows.map((r) => r.quotaBefore) },
                { name: t('reform.preview.quotaAfter'), type: 'bar', data: preview.rows.map((r) => r.quotaAfter) },
              ],
            }}
          />
        </Col>
      </Row>
      {preview.movements.length > 0 && (
        <Table
          size="small"
          rowKey={(m) => `${m.from}/${m.to}/${m.amount}/${m.code}`}
          pagination={false}
          dataSource={preview.movements}
          title={() => <Typography.Text strong>{t('reform.preview.movements')}</Typography.Text>}
          columns={[
            { title: t('reform.preview.from'), dataIndex: 'from' },
            { title: t('reform.preview.to'), dataIndex: 'to' },
            { title: t('reform.preview.ledger'), dataIndex: 'ledger', render: ledgerName },
            { title: t('reform.preview.amount'), dataIndex: 'amount', align: 'right' },
            { title: t('reform.preview.code'), dataIndex: 'code' },
          ]}
        />
      )}
    </Space>
  );
}
