import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MatterSummaryDto } from '@bianzhi/contracts/approval';

const stateColors: Record<MatterSummaryDto['state'], string> = { in_review: 'processing', returned: 'warning', approved: 'cyan', applied: 'success', failed: 'error', rejected: 'error', withdrawn: 'default' };

export function MatterStateTag({ state }: { state: MatterSummaryDto['state'] }) {
  const { t } = useTranslation();
  return <Tag color={stateColors[state]}>{t(`matters.states.${state}`)}</Tag>;
}

const DAY = 24 * 3600_000;

/** A deadline in the bureau's colours: red when missed, orange on its last day, green otherwise. */
export function DeadlineTag({ deadline, now = Date.now() }: { deadline: string | null; now?: number }) {
  const { t } = useTranslation();
  if (!deadline) return <span>—</span>;
  const at = Date.parse(deadline);
  const day = new Date(at - 1).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
  if (at < now) return <Tag color="red">{t('workbench.overdue')} · {day}</Tag>;
  if (at - now < DAY) return <Tag color="orange">{t('workbench.dueSoon')} · {day}</Tag>;
  return <Tag color="green">{day}</Tag>;
}
