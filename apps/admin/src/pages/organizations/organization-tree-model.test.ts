import { describe, expect, it } from 'vitest';
import { encodeOrganizationRows, type TreeOrganization } from '@bianzhi/contracts/organization-tree';
import { buildOrganizationTree, filterTree } from './organization-tree-model.js';

const jurisdictions = [
  { id: 'city', parentId: null, name: '示范市', code: '330200', level: 'city' as const },
  { id: 'hs', parentId: 'city', name: '海曙区', code: '330203', level: 'district' as const },
];
const rows: TreeOrganization[] = [
  { id: 'edu', jurisdictionId: 'city', parentId: null, name: '市教育局', kind: 'organ', status: 'active' },
  { id: 'school', jurisdictionId: 'city', parentId: 'edu', name: '市第一中学', kind: 'institution', status: 'active' },
  { id: 'hs-edu', jurisdictionId: 'hs', parentId: 'edu', name: '海曙区教育局', kind: 'organ', status: 'active' },
];
const dto = { jurisdictions, organizations: encodeOrganizationRows(rows, jurisdictions.map((j) => j.id)) };

describe('organization tree', () => {
  it('nests units under their organ within a jurisdiction and jurisdictions under their parent', () => {
    const [city] = buildOrganizationTree(dto);
    expect(city!.title).toBe('示范市');
    expect(city!.children.map((c) => c.title)).toEqual(['市教育局', '海曙区']);
    expect(city!.children[0]!.children.map((c) => c.key)).toEqual(['o:school']);
    // A district unit supervised from the city stays in its own district.
    expect(city!.children[1]!.children.map((c) => c.title)).toEqual(['海曙区教育局']);
  });

  it('filters to matching units with the path to them expanded', () => {
    const { nodes, expandedKeys, matches } = filterTree(buildOrganizationTree(dto), '一中');
    expect(matches).toBe(1);
    expect(nodes[0]!.children.map((c) => c.title)).toEqual(['市教育局']);
    expect(expandedKeys).toEqual(['o:edu', 'j:city']);
    expect(filterTree(buildOrganizationTree(dto), '不存在').nodes).toEqual([]);
  });
});
