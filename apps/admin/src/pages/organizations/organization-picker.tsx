import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';

/** Picks an organization by typing part of its name or its pinyin initials. */
export function OrganizationPicker({ value, onChange, ariaLabel }: { value?: string | null; onChange?: (value: string | null) => void; ariaLabel: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [q, setQ] = useState('');
  // Names of units picked before, so the chosen one keeps its label once the search is cleared.
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const hits = useQuery({ ...trpc.registry.organization.search.queryOptions({ q, limit: 20 }), enabled: q.trim().length > 0, placeholderData: keepPreviousData });
  const options = (q.trim() ? (hits.data ?? []) : []).map((o) => ({ value: o.id, label: `${o.name}（${o.jurisdictionName}）` }));
  if (value && picked?.value === value && !options.some((o) => o.value === value)) options.unshift(picked);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      onChange={(next: string | undefined) => {
        const option = options.find((o) => o.value === next);
        if (option) setPicked(option);
        onChange?.(next ?? null);
      }}
      placeholder={t('organizations.form.pickerPlaceholder')}
      aria-label={ariaLabel}
      notFoundContent={q ? t('common.empty') : null}
      loading={hits.isFetching}
      options={options}
    />
  );
}
