import { describe, expect, it } from 'vitest';
import { buildJurisdictionTree } from './jurisdiction-tree.js';

const row = (id: string, parentId: string | null, code: string) => ({ id, parentId, code, name: id, level: 'district' as const, depth: 0, createdAt: new Date(0) });

describe('buildJurisdictionTree', () => {
  it('nests children under parents in code order', () => {
    const tree = buildJurisdictionTree([row('b', 'a', '330205'), row('a', null, '330200'), row('c', 'a', '330203')]);
    expect(tree.map((n) => n.id)).toEqual(['a']);
    expect(tree[0]?.children?.map((n) => n.id)).toEqual(['c', 'b']);
  });

  it('treats rows whose parent is out of scope as roots', () => {
    const tree = buildJurisdictionTree([row('d', 'hidden-city', '330203'), row('t', 'd', '330203001')]);
    expect(tree.map((n) => n.id)).toEqual(['d']);
    expect(tree[0]?.children?.[0]?.id).toBe('t');
  });
});
