import type { JurisdictionQuotaRow } from '@bianzhi/contracts/ledger';

export type Figures = Omit<JurisdictionQuotaRow, 'jurisdictionId' | 'ledger'>;
const keys = ['approvedTotal', 'unallocated', 'turnover', 'reserve', 'frozen', 'quota', 'occupied', 'reserved', 'vacant', 'units'] as const;

export function emptyFigures(): Figures {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Figures;
}

/** A jurisdiction's figures with everything below it added in. */
export function subtreeFigures(rows: JurisdictionQuotaRow[], jurisdictions: { id: string; parentId: string | null }[], rootId: string, ledger: string): Figures {
  const children = new Map<string, string[]>();
  for (const j of jurisdictions) if (j.parentId) children.set(j.parentId, [...(children.get(j.parentId) ?? []), j.id]);
  const inTree = new Set<string>();
  const walk = (id: string) => {
    inTree.add(id);
    for (const child of children.get(id) ?? []) walk(child);
  };
  walk(rootId);
  const total = emptyFigures();
  for (const row of rows) {
    if (row.ledger !== ledger || !inTree.has(row.jurisdictionId)) continue;
    for (const k of keys) total[k] += row[k];
  }
  return total;
}
