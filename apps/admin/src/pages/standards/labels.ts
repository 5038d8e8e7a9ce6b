import { useTranslation } from 'react-i18next';
import { indicatorLabels, standardSectorLabels, type Indicator, type StandardSector } from '@bianzhi/contracts/standards';

/** The names of indicators and sectors in the UI's language (they live with the domain, in both). */
export function useIndicatorLabel() {
  const { i18n } = useTranslation();
  return (indicator: Indicator) => indicatorLabels[indicator][i18n.language === 'en' ? 'en' : 'zh-CN'];
}

export function useSectorLabel() {
  const { i18n } = useTranslation();
  return (sector: StandardSector) => standardSectorLabels[sector][i18n.language === 'en' ? 'en' : 'zh-CN'];
}
export { chinaToday } from '../use-date-format.js';
