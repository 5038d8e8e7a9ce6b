import { useMemo, useState } from 'react';
import { Button, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { GuideStep } from '@bianzhi/contracts/service-guides';
import { downloadBlob } from '../download.js';
import { flowchartPdf, flowchartPng, flowchartSvg } from './guide-flowchart.js';

/** A guide's flowchart, drawn from its steps, with its PNG and PDF exports. */
export function FlowchartView({ steps, itemName }: { steps: Pick<GuideStep, 'name' | 'actor' | 'days'>[]; itemName: string }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<'png' | 'pdf' | null>(null);
  const title = t('serviceGuides.flowchart.title', { name: itemName });
  const svg = useMemo(
    () => flowchartSvg(steps, { title, start: t('serviceGuides.flowchart.start'), end: t('serviceGuides.flowchart.end'), days: (n) => t('serviceGuides.flowchart.days', { count: n }) }),
    [steps, title, t],
  );
  const save = (format: 'png' | 'pdf') => {
    setPending(format);
    void (format === 'png' ? flowchartPng(svg) : flowchartPdf(svg))
      .then((blob) => downloadBlob(`${title}.${format}`, blob))
      .finally(() => setPending(null));
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Button size="small" icon={<DownloadOutlined />} loading={pending === 'png'} onClick={() => save('png')}>
          {t('serviceGuides.flowchart.png')}
        </Button>
        <Button size="small" icon={<DownloadOutlined />} loading={pending === 'pdf'} onClick={() => save('pdf')}>
          {t('serviceGuides.flowchart.pdf')}
        </Button>
      </Space>
      {/* Every text in the SVG is escaped (guide-flowchart.ts). */}
      <div role="img" aria-label={title} data-testid="guide-flowchart" style={{ overflowX: 'auto' }} dangerouslySetInnerHTML={{ __html: svg }} />
    </Space>
  );
}
