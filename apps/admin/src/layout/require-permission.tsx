import type { ReactNode } from 'react';
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Permission } from '@bianzhi/domain/access';
import { useCan } from '../api/me.js';

/** Renders the page only for roles holding the permission; others see a clear 403 page. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const allowed = useCan(permission);
  if (allowed === undefined) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!allowed) return <Result status="403" title={t('forbidden.title')} subTitle={t('forbidden.subtitle')} />;
  return <>{children}</>;
}
