import { describe, expect, it } from 'vitest';
import { compare, type PaidRow, type RollHolder } from './compare.js';

const paid = (row: number, idNumber: string, organizationId: string): PaidRow => ({ row, idNumber, name: `人${idNumber}`, organizationId, amount: 8000 });
const holder = (idNumber: string, organizationId: string): RollHolder => ({ idNumber, name: `人${idNumber}`, organizationId });

describe('cross-check comparison', () => {
  it('finds people paid without a slot, paid by another unit than the one holding their slot, and on the roll of a paid unit but unpaid', () => {
    const roll = [holder('A', 'u1'), holder('B', 'u1'), holder('C', 'u2'), holder('D', 'u3')];
    const payroll = [paid(2, 'A', 'u1'), paid(3, 'C', 'u1'), paid(4, 'X', 'u2')];
    const findings = compare({ payroll, roll });
    expect(findings).toEqual([
      { kind: 'paid_elsewhere', organizationId: 'u1', idNumber: 'C', name: '人C', detail: { row: 3, amount: 8000, rollOrganizationId: 'u2' } },
      { kind: 'paid_not_on_roll', organizationId: 'u2', idNumber: 'X', name: '人X', detail: { row: 4, amount: 8000 } },
      // B holds a slot in u1, which the payroll pays, and is not paid; D's unit u3 is not finance-paid at all.
      { kind: 'on_roll_not_paid', organizationId: 'u1', idNumber: 'B', name: '人B', detail: {} },
    ]);
  });

  it('takes a paid person outside quota for no ghost, but names one paid by another unit than their own', () => {
    const outsideQuota = [holder('E', 'u1'), holder('F', 'u2')];
    const findings = compare({ payroll: [paid(2, 'E', 'u1'), paid(3, 'F', 'u1'), paid(4, 'A', 'u1')], roll: [holder('A', 'u1')], outsideQuota });
    expect(findings).toEqual([{ kind: 'paid_elsewhere', organizationId: 'u1', idNumber: 'F', name: '人F', detail: { row: 3, amount: 8000, rollOrganizationId: 'u2' } }]);
    // Without the ledger's staff outside quota, E would be reported as a ghost.
    expect(compare({ payroll: [paid(2, 'E', 'u1')], roll: [] }).map((f) => f.kind)).toEqual(['paid_not_on_roll']);
  });

  it('reports nothing when the payroll and the roll agree', () => {
    expect(compare({ payroll: [paid(2, 'A', 'u1'), paid(3, 'B', 'u1')], roll: [holder('A', 'u1'), holder('B', 'u1')] })).toEqual([]);
  });

  it('reports a unit and rank whose cadre records exceed the posts, and none at or under them', () => {
    const cadre = (row: number, organizationId: string, rank: 'principal' | 'deputy') => ({ row, idNumber: `id${row}`, name: `干部${row}`, organizationId, rank, title: rank === 'principal' ? '局长' : '副局长' });
    const findings = compare({
      payroll: [],
      roll: [],
      cadres: [cadre(2, 'u1', 'principal'), cadre(3, 'u1', 'deputy'), cadre(4, 'u1', 'deputy'), cadre(5, 'u1', 'deputy'), cadre(6, 'u2', 'principal')],
      posts: [
        { organizationId: 'u1', rank: 'principal', posts: 1 },
        { organizationId: 'u1', rank: 'deputy', posts: 2 },
      ],
    });
    expect(findings).toEqual([
      { kind: 'beyond_posts', organizationId: 'u1', idNumber: null, name: null, detail: { rank: 'deputy', posts: 2, appointed: 3, people: [{ name: '干部3', title: '副局长', row: 3 }, { name: '干部4', title: '副局长', row: 4 }, { name: '干部5', title: '副局长', row: 5 }] } },
      // No posts set at all: any appointment is beyond them.
      { kind: 'beyond_posts', organizationId: 'u2', idNumber: null, name: null, detail: { rank: 'principal', posts: 0, appointed: 1, people: [{ name: '干部6', title: '局长', row: 6 }] } },
    ]);
  });
});
