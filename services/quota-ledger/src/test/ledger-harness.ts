import { checkLedgerInvariants } from '../invariants.js';
import { randomUUID } from 'node:crypto';
import type { DB } from '@bianzhi/db/generated/ledger';
import { createDatabase } from '@bianzhi/db/kysely';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { openJurisdictionPools, openOrganizationAccounts } from '../account/account.service.js';
import { expect } from 'vitest';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { TRPCError } from '@trpc/server';
import pino from 'pino';
import type { Principal } from '@bianzhi/domain/access';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { createTransfers, type LedgerDeps } from '../transfer/transfer.service.js';
import { fixedScope } from '../scope.js';
import { inMemoryRules } from '../rules/rules.port.js';
import { createLedgerRouter } from '../router.js';

export const system = servicePrincipal('test');

/** A ledger over a fresh database: one jurisdiction's pools and a few units' accounts, a settable clock. */
export async function ledgerHarness(name: string, options: { units?: number; poolSize?: number } = {}) {
  const testDb: TestDatabase<DB> = await createTestDatabase<DB>(name);
  let now = new Date('2026-11-23T02:00:00Z');
  const db = options.poolSize ? createDatabase<DB>({ url: testDb.url, max: options.poolSize }) : testDb.db;
  const jurisdictionId = randomUUID();
  const scope = fixedScope({ jurisdictions: [{ id: jurisdictionId, parentId: null, name: '测试市', level: 'city' }] });
  const rules = inMemoryRules();
  const deps: LedgerDeps = { db, scope, rules: rules.port, clock: () => now };
  const pools = await openJurisdictionPools(deps, system, { jurisdictionId, quotaTypes: ['administrative', 'institution'] });
  const pool = (kind: string, ledger = 'administrative') => pools.find((a) => a.kind === kind && a.ledger === ledger)!.id;
  const units: { organizationId: string; vacant: string; occupied: string }[] = [];
  for (let i = 0; i < (options.units ?? 3); i++) {
    const organizationId = randomUUID();
    const accounts = await openOrganizationAccounts(db, system, { organizationId, jurisdictionId, quotaTypes: ['administrative'] });
    scope.addOrganization({ id: organizationId, name: `测试单位${i + 1}`, creditCode: null, jurisdictionId, jurisdictionName: '测试市', status: 'active', kind: 'institution', institutionClass: 'welfare_1' });
    units.push({ organizationId, vacant: accounts.find((a) => a.kind === 'vacant')!.id, occupied: accounts.find((a) => a.kind === 'occupied')!.id });
  }
  const callerAs = (principal: Principal) => createCallerFactory(createLedgerRouter(deps))({ principal, locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) });
  return {
    db,
    url: testDb.url,
    callerAs,
    /** A department user of the i-th unit, and a bureau admin of the jurisdiction. */
    departmentUser: (i: number): Principal => ({ kind: 'user', id: `dept-${i}`, name: `单位用户${i}`, roles: ['department_user'], jurisdictionId, organizationId: units[i]!.organizationId }),
    bureau: (id = 'bureau-admin'): Principal => ({ kind: 'user', id, name: '编办', roles: ['city_admin'], jurisdictionId, organizationId: null }),
    deps,
    rules,
    scope,
    jurisdictionId,
    pool,
    units,
    setNow: (date: Date) => (now = date),
    /** Approves `amount` from the external source and allocates it to the i-th unit (one linked batch). */
    allocate: async (i: number, amount: number, effectiveDate?: string) => {
      const results = await createTransfers(deps, system, {
        linked: true,
        transfers: [
          { kind: 'single', id: randomUUID(), debitAccountId: pool('external'), creditAccountId: pool('unallocated'), amount, code: 'approve_total', effectiveDate },
          { kind: 'single', id: randomUUID(), debitAccountId: pool('unallocated'), creditAccountId: units[i]!.vacant, amount, code: 'allocate', effectiveDate },
        ],
      });
      expect(results.map((r) => r.status)).toEqual(['created', 'created']);
    },
    /** Puts `people` named persons into the i-th unit through a staffing-use plan (its vacancies must allow it). */
    staff: async (i: number, people: number, seed: number): Promise<string[]> => {
      const planId = randomUUID();
      const unit = units[i]!;
      await callerAs({ kind: 'user', id: `dept-${i}`, name: '单位用户', roles: ['department_user'], jurisdictionId, organizationId: unit.organizationId }).ledger.plan.file({ id: planId, organizationId: unit.organizationId, ledger: 'administrative', places: people, endsOn: '2027-12-31', reason: '测试' });
      await callerAs(system).ledger.plan.approve({ id: planId });
      const slots: string[] = [];
      for (let n = 0; n < people; n++) {
        const body = `330203198${String(seed % 10)}0101${String(n).padStart(3, '0')}`;
        const slot = await callerAs(system).ledger.person.enter({ id: randomUUID(), planId, entryKind: 'exam', enteredOn: '2026-01-05', person: { name: `人员${seed}-${n}`, idNumber: idNumberOf(body), education: '', postCategory: 'management' } });
        slots.push(slot.id);
      }
      return slots;
    },
    balances: async () => {
      const rows = await db.selectFrom('ledger.accounts').select(['id', 'debits_pending', 'debits_posted', 'credits_pending', 'credits_posted', 'version']).execute();
      return new Map(rows.map((r) => [r.id, r]));
    },
    /** Invariants 1, 2, 6, the entry log, and one audit event for every transfer (its own, or its batch's): checked straight against the tables. */
    /** Every invariant, audit events included (checkLedgerInvariants). */
    checkInvariants: () => checkLedgerInvariants(db, { audit: true }),
    drop: async () => {
      if (db !== testDb.db) await db.destroy();
      await testDb.drop();
    },
  };
}

/** The refusal a call ends in (fails the test when the call succeeds), with its domain code. */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError & { domainCode: string | undefined; zh: string }> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, 'expected the call to be refused').toBeInstanceOf(TRPCError);
  const cause = (error as TRPCError).cause as { code?: string; localized?: Record<string, string> } | undefined;
  return Object.assign(error as TRPCError, { domainCode: cause?.code, zh: cause?.localized?.['zh-CN'] ?? '' });
}

/** A valid ID number (GB 11643 check character) from its first 17 digits. */
export const idNumberOf = (body17: string) => body17 + idNumberCheckCharacter(body17);
