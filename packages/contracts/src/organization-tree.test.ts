import { describe, expect, it } from 'vitest';
import { decodeOrganizationRows, encodeOrganizationRows, type TreeOrganization } from './organization-tree.js';

describe('organization tree encoding', () => {
  it('round-trips rows, keeping parents inside the set and dropping those outside', () => {
    const rows: TreeOrganization[] = [
      { id: 'a', jurisdictionId: 'j1', parentId: null, name: '市教育局', kind: 'organ', status: 'active' },
      { id: 'b', jurisdictionId: 'j1', parentId: 'a', name: '市第一中学', kind: 'institution', status: 'active' },
      { id: 'c', jurisdictionId: 'j2', parentId: 'gone', name: '区某中心', kind: 'institution', status: 'planned' },
    ];
    const text = encodeOrganizationRows(rows, ['j1', 'j2']);
    expect(text.split('\n')[1]).toBe('b\t0\t0\t市第一中学\tia');
    expect(decodeOrganizationRows(text, ['j1', 'j2'])).toEqual([rows[0], rows[1], { ...rows[2], parentId: null }]);
    expect(decodeOrganizationRows('', [])).toEqual([]);
  });
});
