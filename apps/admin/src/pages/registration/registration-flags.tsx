import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RegistrationFlag } from '@bianzhi/domain/legal-registration';

const colors: Record<RegistrationFlag, string> = { cancellation_missing: 'red', change_missing: 'orange', certificate_expiring: 'gold', certificate_expired: 'red' };

/** What a registration lacks to follow the registry, each in words that say what to do. */
export function RegistrationFlags({ flags }: { flags: RegistrationFlag[] }) {
  const { t } = useTranslation();
  return (
    <>
      {flags.map((f) => (
        <Tag key={f} color={colors[f]}>
          {t(`registration.flags.${f}`)}
        </Tag>
      ))}
    </>
  );
}
