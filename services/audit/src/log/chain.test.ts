import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, findFirstBrokenLink, GENESIS_HASH, type ChainedFields } from './chain.js';

function event(n: number): ChainedFields {
  return {
    eventId: `00000000-0000-4000-8000-00000000000${n}`,
    source: 'registry',
    eventType: 'registry.jurisdiction.created',
    aggregateType: 'jurisdiction',
    aggregateId: `j${n}`,
    jurisdictionId: null,
    actor: { kind: 'user', id: 'u1' },
    payload: { after: { name: `区${n}`, code: `42010${n}` } },
    occurredAt: new Date(Date.UTC(2026, 10, 23, 8, n)),
  };
}

function chain(count: number) {
  const entries = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= count; i++) {
    const hash = chainHash(prev, event(i));
    entries.push({ ...event(i), seq: i, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

describe('audit hash chain', () => {
  it('is independent of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
  });

  it('verifies an untouched chain', () => {
    expect(findFirstBrokenLink(chain(5))).toBeNull();
  });

  it('names the first entry whose payload was edited', () => {
    const entries = chain(5);
    entries[2]!.payload = { after: { name: '篡改', code: '420103' } };
    expect(findFirstBrokenLink(entries)).toBe(3);
  });

  it('detects a deleted entry at the link after the gap', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(findFirstBrokenLink(entries)).toBe(3);
  });
});
