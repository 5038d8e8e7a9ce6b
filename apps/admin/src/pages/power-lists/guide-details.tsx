import { Descriptions, List } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ServiceGuideContent } from '@bianzhi/contracts/service-guides';

/** A guide as read: legal basis, conditions, materials, time limit, fees and contact (its steps are the flowchart). */
export function GuideDetails({ guide }: { guide: ServiceGuideContent }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      items={[
        { key: 'legalBasis', label: t('serviceGuides.fields.legalBasis'), children: guide.legalBasis },
        { key: 'conditions', label: t('serviceGuides.fields.conditions'), children: guide.conditions },
        { key: 'materials', label: t('serviceGuides.fields.materials'), children: <List size="small" dataSource={guide.materials} renderItem={(m, i) => <List.Item>{`${i + 1}. ${m}`}</List.Item>} /> },
        { key: 'timeLimit', label: t('serviceGuides.fields.timeLimitDays'), children: t('serviceGuides.flowchart.days', { count: guide.timeLimitDays }) },
        { key: 'fees', label: t('serviceGuides.fields.fees'), children: guide.fees },
        { key: 'contact', label: t('serviceGuides.fields.contact'), children: guide.contact },
      ]}
    />
  );
}
