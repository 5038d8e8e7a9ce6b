import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';

/** Picks an organization by typing part of its name or its pinyin initials. */
export function OrganizationPicker({ value, onChange, ariaLabel }: { value?: string | null; onChange?: (value: string | null) => void; ariaLabel: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [q, setQ] = useState('');
  const hits = useQuery({ ...trpc.registry.organization.search.queryOptions({ q, limit: 20 }), enabled: q.trim().length > 0 });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      placeholder={t('organizations.form.pickerPlaceholder')}
      aria-label={ariaLabel}
      notFoundContent={q ? t('common.empty') : null}
      loading={hits.isFetching}
      options={(hits.data ?? []).map((o) => ({ value: o.id, label: `${o.name}（${o.jurisdictionName}）` }))}
    />
  );
}
