import { Button, Card, Col, Descriptions, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { fundingSources, type WorkforceFigures } from '@bianzhi/contracts/workforce';
import { useExcelDownload } from '../download.js';

/**
 * 财政供养人员: people on quota + staff outside quota, those outside by funding source, and purchased
 * services as full-time equivalents beside them (not counted as people). On the dashboard (today) and
 * the monthly figures (a month's end), each exporting its own workbook.
 */
export function WorkforceCard({ figures, loading, title, exportFile }: { figures: WorkforceFigures | undefined; loading: boolean; title?: string; exportFile: () => Promise<{ filename: string; contentBase64: string }> }) {
  const { t } = useTranslation();
  const excel = useExcelDownload();
  return (
    <Card
      size="small"
      title={title ?? t('workforce.totals.title')}
      loading={loading}
      data-testid="workforce-totals"
      extra={<Button size="small" loading={excel.pending} onClick={() => void excel.download(exportFile)}>{t('workforce.totals.export')}</Button>}
    >
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title={t('workforce.totals.publiclyFunded')} value={figures?.publiclyFunded ?? 0} />
        </Col>
        <Col span={6}>
          <Statistic title={t('workforce.totals.onQuota')} value={figures?.onQuota ?? 0} />
        </Col>
        <Col span={6}>
          <Statistic title={t('workforce.totals.outsideQuota')} value={figures?.outsideQuota ?? 0} />
        </Col>
        <Col span={6}>
          <Statistic title={t('workforce.totals.purchased')} value={figures?.purchasedHeadcount ?? 0} precision={1} />
        </Col>
      </Row>
      <Descriptions size="small" style={{ marginTop: 12 }} column={3} items={fundingSources.map((f) => ({ key: f, label: t('workforce.totals.outsideBy', { funding: t(`workforce.funding.${f}`) }), children: figures?.outsideByFunding[f] ?? 0 }))} />
    </Card>
  );
}
