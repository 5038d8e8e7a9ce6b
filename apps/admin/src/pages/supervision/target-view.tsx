import { useQuery } from '@tanstack/react-query';
import { Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReductionTargetRequest } from '@bianzhi/contracts/reduction';
import { useTRPC } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';

/** A reduction-target matter's content on the matter page: what is to be cut, where, by when, on what basis. */
export function TargetView({ target }: { target: ReductionTargetRequest }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const jurisdictions = useJurisdictionOptions();
  const unit = useQuery({ ...trpc.registry.organization.lookup.queryOptions({ ids: target.organizationId ? [target.organizationId] : [] }), enabled: Boolean(target.organizationId) });
  const name = target.organizationId ? (unit.data?.[0]?.name ?? '—') : (jurisdictions.nameOf.get(target.jurisdictionId!) ?? '—');
  return (
    <Descriptions size="small" column={2} bordered>
      <Descriptions.Item label={t('reduction.columns.unit')}>{name}</Descriptions.Item>
      <Descriptions.Item label={t('reduction.columns.ledger')}>{t(`organizations.quotaTypes.${target.ledger}`)}</Descriptions.Item>
      <Descriptions.Item label={t('reduction.columns.measure')}>{t(`reduction.measures.${target.measure}`)}</Descriptions.Item>
      <Descriptions.Item label={t('reduction.columns.amount')}>{target.amount}</Descriptions.Item>
      <Descriptions.Item label={t('reduction.columns.startDate')}>{target.startDate}</Descriptions.Item>
      <Descriptions.Item label={t('reduction.columns.deadline')}>{target.deadline}</Descriptions.Item>
      <Descriptions.Item label={t('reduction.columns.basis')} span={2}>
        {target.basisDocument}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The unit's flag on its own page: a reduction target found behind at a quarter end (only for those who may read targets). */
export function TargetFlag({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canRead = useCan('ledger.target.read');
  const targets = useQuery({ ...trpc.ledger.target.list.queryOptions({ organizationId }), enabled: Boolean(canRead) });
  const flagged = (targets.data ?? []).filter((x) => x.flaggedAt);
  if (flagged.length === 0) return null;
  return (
    <Tag color="volcano" title={flagged.map((x) => x.title).join('；')}>
      {t('reduction.unitFlag', { day: flagged.map((x) => x.flaggedAt).sort().at(-1) })}
    </Tag>
  );
}
