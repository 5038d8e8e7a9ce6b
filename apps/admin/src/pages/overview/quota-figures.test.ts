import { describe, expect, it } from 'vitest';
import type { JurisdictionQuotaRow } from '@bianzhi/contracts/ledger';
import { emptyFigures, subtreeFigures } from './quota-figures.js';

const row = (jurisdictionId: string, quota: number, ledger: JurisdictionQuotaRow['ledger'] = 'administrative'): JurisdictionQuotaRow => ({ ...emptyFigures(), jurisdictionId, ledger, quota, approvedTotal: quota, units: 1 });

describe('subtree figures', () => {
  it('add a jurisdiction’s own figures and everything below it, for one quota type', () => {
    const tree = [{ id: 'city', parentId: null }, { id: 'd1', parentId: 'city' }, { id: 't1', parentId: 'd1' }, { id: 'd2', parentId: 'city' }];
    const rows = [row('city', 10), row('d1', 5), row('t1', 2), row('d2', 7), row('d1', 100, 'institution')];
    expect(subtreeFigures(rows, tree, 'city', 'administrative')).toMatchObject({ quota: 24, units: 4 });
    expect(subtreeFigures(rows, tree, 'd1', 'administrative')).toMatchObject({ quota: 7, units: 2 });
    expect(subtreeFigures(rows, tree, 'd1', 'institution').quota).toBe(100);
  });
});
