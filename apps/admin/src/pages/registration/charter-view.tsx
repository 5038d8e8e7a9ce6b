import { useQuery } from '@tanstack/react-query';
import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CharterRequest } from '@bianzhi/contracts/legal-registration';
import { useTRPC } from '../../api/trpc.js';

/** A charter matter's content on the matter page: the institution, the version it replaces, and the charter as filed. */
export function CharterView({ charter }: { charter: CharterRequest }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const unit = useQuery(trpc.registry.organization.lookup.queryOptions({ ids: [charter.organizationId] }));
  return (
    <Descriptions size="small" column={2} bordered>
      <Descriptions.Item label={t('registration.columns.unit')}>{unit.data?.[0]?.name ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('registration.columns.version')}>{t('registration.charterForm.basedOn', { version: charter.basedOnVersion })}</Descriptions.Item>
      <Descriptions.Item label={t('registration.columns.purpose')} span={2}>
        {charter.purpose}
      </Descriptions.Item>
      <Descriptions.Item label={t('registration.fields.businessScope')} span={2}>
        {charter.businessScope}
      </Descriptions.Item>
      <Descriptions.Item label={t('registration.columns.governance')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{charter.governance}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}
