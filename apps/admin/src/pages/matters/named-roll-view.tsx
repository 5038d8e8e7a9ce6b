import { useQuery } from '@tanstack/react-query';
import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NamedRollPublicationRequest } from '@bianzhi/contracts/named-roll';
import { useTRPC } from '../../api/trpc.js';

/** A named-roll publication matter (实名制公示): which jurisdiction, on or off, and what the platform does once approved. */
export function NamedRollView({ request }: { request: NamedRollPublicationRequest }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const jurisdictions = useQuery(trpc.registry.jurisdiction.list.queryOptions({}));
  const name = jurisdictions.data?.find((j) => j.id === request.jurisdictionId)?.name ?? t('matters.hidden');
  return (
    <Descriptions size="small" column={2} bordered>
      <Descriptions.Item label={t('namedRoll.admin.jurisdiction')}>{name}</Descriptions.Item>
      <Descriptions.Item label={t('namedRoll.matter.change')}>{t(request.enabled ? 'namedRoll.matter.on' : 'namedRoll.matter.off')}</Descriptions.Item>
      <Descriptions.Item label={t('namedRoll.matter.effect')} span={2}>
        {t(request.enabled ? 'namedRoll.admin.onHelp' : 'namedRoll.admin.offHelp')}
      </Descriptions.Item>
    </Descriptions>
  );
}
