import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permissions, roles, type Role } from './access.js';
import { accountKinds, commandRules, jurisdictionRelations, mayFileMovement, mayTransferDirectly, movementLabel, movementRefusal, movementRules, transferCodes, type Movement } from './authority.js';
import { jurisdictionLevels } from './jurisdiction.js';
import { matterKinds } from './matters.js';

const pools = new Set(['unallocated', 'turnover', 'reserve']);
const admins: Role[] = ['city_admin', 'district_admin', 'township_admin'];

/** Every combination the ledger can be asked for. */
function* everyMovement(): Generator<Movement> {
  for (const code of transferCodes)
    for (const debit of accountKinds)
      for (const credit of accountKinds)
        for (const relation of jurisdictionRelations)
          for (const debitLevel of jurisdictionLevels) yield { code, debit, credit, relation, debitLevel };
}

describe('authority table', () => {
  it('has no two rules for the same movement', () => {
    const keys = movementRules.flatMap((r) => r.relations.map((rel) => `${r.code}|${r.debit}|${r.credit}|${rel}`));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names a command for every command row and a deciding level for every matter row', () => {
    for (const r of movementRules) {
      expect(r.channel === 'command', `${r.code} ${r.debit}→${r.credit}`).toBe(r.command !== null);
      expect(r.channel === 'matter', `${r.code} ${r.debit}→${r.credit}`).toBe(r.decidedAt !== null);
    }
  });

  // Every code × debit kind × credit kind × relation × level × role, against rules stated independently of the table.
  it('lets a person apply directly only their own pools, with every role, for every movement', () => {
    let allowed = 0;
    for (const movement of everyMovement())
      for (const role of roles)
        for (const ownJurisdiction of [true, false])
          for (const approvalRef of [null, 'matter/1']) {
            const decision = mayTransferDirectly([role], movement, { ownJurisdiction, approvalRef });
            const touchesUnitOrOutside = !pools.has(movement.debit) || !pools.has(movement.credit);
            const label = `${role} ${movement.code} ${movement.debit}→${movement.credit} ${movement.relation} ${movement.debitLevel} own=${ownJurisdiction} ref=${approvalRef}`;
            if (role === 'system') {
              // The platform: only rules of the table, never a command's movement, a matter's only citing the matter.
              const rule = decision.rule;
              if (decision.allowed) {
                expect(rule!.channel, label).not.toBe('command');
                if (rule!.channel === 'matter') expect(approvalRef, label).not.toBeNull();
                if (rule!.cityOnly) expect(movement.debitLevel, label).toBe('city');
              }
              continue;
            }
            if (!decision.allowed) continue;
            allowed++;
            // A person: never a unit's quota, the external source or the frozen account; never another jurisdiction's pools.
            expect(touchesUnitOrOutside, label).toBe(false);
            expect(admins, label).toContain(role);
            expect(ownJurisdiction, label).toBe(true);
            expect(movement.relation, label).toBe('same');
            expect(movement.code, label).toBe('transfer');
          }
    // unallocated↔reserve, unallocated↔turnover, for three admin roles, at three levels, with or without a reference.
    expect(allowed).toBe(4 * 3 * 3 * 2);
  });

  it('refuses the hole found in review: a district creating quota from its external source', () => {
    const movement: Movement = { code: 'approve_total', debit: 'external', credit: 'unallocated', relation: 'same', debitLevel: 'district' };
    expect(mayTransferDirectly(['district_admin'], movement, { ownJurisdiction: true, approvalRef: null })).toMatchObject({ allowed: false, reason: 'city_only' });
    expect(mayFileMovement(['district_admin'], movement)).toMatchObject({ allowed: false, reason: 'city_only' });
    expect(mayTransferDirectly(['system'], movement, { ownJurisdiction: true, approvalRef: 'matter/1' })).toMatchObject({ allowed: false, reason: 'city_only' });
    // The city bureau files it as a matter; the platform applies it once approved.
    const city = { ...movement, debitLevel: 'city' as const };
    expect(mayTransferDirectly(['city_admin'], city, { ownJurisdiction: true, approvalRef: null })).toMatchObject({ allowed: false, reason: 'matter_required' });
    expect(mayFileMovement(['city_admin'], city)).toMatchObject({ allowed: true });
    expect(mayTransferDirectly(['system'], city, { ownJurisdiction: true, approvalRef: null })).toMatchObject({ allowed: false, reason: 'approval_required' });
    expect(mayTransferDirectly(['system'], city, { ownJurisdiction: true, approvalRef: 'matter/1' })).toMatchObject({ allowed: true });
  });

  it('keeps the frozen account to penalties and lifts, the roll to entries and exits, reservations to plans', () => {
    for (const movement of everyMovement()) {
      if (!['frozen', 'occupied'].includes(movement.debit) && !['frozen', 'occupied'].includes(movement.credit)) continue;
      for (const role of roles) expect(mayTransferDirectly([role], movement, { ownJurisdiction: true, approvalRef: 'matter/1' }).allowed, `${role} ${movement.code} ${movement.debit}→${movement.credit}`).toBe(false);
    }
  });

  it('lets only the roles a matter row names file it, and only bureaus file anything', () => {
    for (const movement of everyMovement())
      for (const role of roles) {
        const decision = mayFileMovement([role], movement);
        if (decision.allowed && decision.rule!.channel === 'matter') expect(decision.rule!.requesters).toContain(role);
        if (decision.allowed) expect([...admins, 'system']).toContain(decision.rule!.channel === 'direct' ? 'system' : role);
      }
    // A district may ask the city for quota; a township may not move quota across districts.
    expect(mayFileMovement(['district_admin'], { code: 'allocate', debit: 'unallocated', credit: 'unallocated', relation: 'down', debitLevel: 'city' }).allowed).toBe(true);
    expect(mayFileMovement(['township_admin'], { code: 'transfer', debit: 'vacant', credit: 'vacant', relation: 'across', debitLevel: 'district' }).allowed).toBe(false);
  });

  it('names the movement and the role in a refusal, in both languages', () => {
    const text = movementRefusal(['district_admin'], { code: 'approve_total', debit: 'external', credit: 'unallocated' }, { allowed: false, reason: 'city_only', rule: null });
    expect(text['zh-CN']).toBe('区县编办不能直接办理核定总额（上级核定来源 → 未分配编制池）：只能由市编办在本级编制池上办理');
    expect(text.en).toContain('district bureau');
    expect(text.en).toContain('approve_total (external source → unallocated pool)');
  });

  it('is printed in docs/authority.md as it is', () => {
    const channel = { direct: '直接办理 direct', matter: '事项审批 matter', command: '仅限业务办理 command' } as const;
    const roleZh: Record<string, string> = { city_admin: '市编办', district_admin: '区县编办', township_admin: '乡镇（街道）' };
    const rows = movementRules.map(
      (r) =>
        `| ${movementLabel(r, 'zh-CN')} | \`${r.code}\` | ${r.debit} → ${r.credit} | ${r.relations.join(', ')}${r.cityOnly ? ' (city only)' : ''} | ${channel[r.channel]}${r.command ? ` (${r.command})` : ''} | ${r.requesters.map((x) => roleZh[x] ?? x).join('、') || '—'} | ${r.decidedAt ?? '—'} |`,
    );
    const doc = readFileSync(new URL('../../../docs/authority.md', import.meta.url), 'utf8');
    const printed = doc.slice(doc.indexOf('<!-- authority-table:start -->'), doc.indexOf('<!-- authority-table:end -->')).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| movement'));
    expect(printed).toEqual(rows);
  });
});

describe('the command table', () => {
  it('gives every matter command a matter kind, and the platform alone the permission of a command that is wholly the platform’s', () => {
    for (const rule of commandRules) {
      if (rule.channel === 'matter') expect(matterKinds, rule.command).toContain(rule.kind);
      else expect(rule.kind, rule.command).toBeUndefined();
      if (rule.permission) expect(permissions[rule.permission as keyof typeof permissions], rule.command).toEqual(['system']);
    }
    // A direct command stays a person's: its procedure's permission admits the bureau.
    expect(permissions['ledger.plan.reject']).toContain('district_admin');
    expect(permissions['ledger.leadership.manage']).toContain('district_admin');
  });

  it('is printed in docs/authority.md as it is', () => {
    const channel = { direct: '直接办理 direct', matter: '事项审批 matter', reform: '改革项目 reform' } as const;
    const rows = commandRules.map((r) => `| \`${r.command}\` | ${r.label['zh-CN']} | ${channel[r.channel]} | ${'kind' in r && r.kind ? `\`${r.kind}\`` : '—'} |`);
    const doc = readFileSync(new URL('../../../docs/authority.md', import.meta.url), 'utf8');
    const printed = doc.slice(doc.indexOf('<!-- command-table:start -->'), doc.indexOf('<!-- command-table:end -->')).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| command'));
    expect(printed).toEqual(rows);
  });
});
