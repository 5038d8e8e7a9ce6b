import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { DB } from '@bianzhi/db/generated/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { openJurisdictionPools, openOrganizationAccounts } from '../account/account.service.js';
import { createLedgerRouter } from '../router.js';
import { fixedScope } from '../scope.js';
import { inMemoryRules } from '../rules/rules.port.js';
import type { LedgerDeps } from './transfer.service.js';

/**
 * The authority table on `ledger.transfer.create` (issue 19): the review's own case first — a
 * district admin creating a million quota from the district's external source — then every
 * channel: matters only as the platform citing the matter, commands never, own pools directly.
 */
let testDb: TestDatabase<DB>;
let deps: LedgerDeps;
const cityId = randomUUID();
const districtId = randomUUID();
const otherDistrictId = randomUUID();
const system = servicePrincipal('matters');
const pools: Record<string, Record<string, string>> = {};
let unit: { vacant: string; occupied: string };
const caller = (principal: Principal) => createCallerFactory(createLedgerRouter(deps))({ principal, locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) });
const admin = (role: 'city_admin' | 'district_admin', jurisdictionId: string): Principal => ({ kind: 'user', id: `${role}-${jurisdictionId}`, name: role, roles: [role], jurisdictionId, organizationId: null });
const single = (debitAccountId: string, creditAccountId: string, amount: number, code: string, extra: Record<string, string> = {}) => ({ kind: 'single' as const, id: randomUUID(), debitAccountId, creditAccountId, amount, code: code as 'allocate', ...extra });
const balanceOf = async (id: string) => (await caller(system).ledger.account.get({ id })).balance;

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; localized?: Record<string, string> } }).cause;
    return { code: cause?.code ?? 'none', message: cause?.localized?.['zh-CN'] ?? '' };
  }
  return { code: 'accepted', message: '' };
}

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('transfer-authority');
  const scope = fixedScope({
    jurisdictions: [
      { id: cityId, parentId: null, name: '示范市', level: 'city' },
      { id: districtId, parentId: cityId, name: '海曙区', level: 'district' },
      { id: otherDistrictId, parentId: cityId, name: '江北区', level: 'district' },
    ],
  });
  deps = { db: testDb.db, scope, rules: inMemoryRules().port, clock: () => new Date() };
  for (const id of [cityId, districtId, otherDistrictId]) {
    const opened = await openJurisdictionPools(deps, system, { jurisdictionId: id, quotaTypes: ['administrative'] });
    pools[id] = Object.fromEntries(opened.map((a) => [a.kind, a.id]));
  }
  const accounts = await openOrganizationAccounts(testDb.db, system, { organizationId: randomUUID(), jurisdictionId: districtId, quotaTypes: ['administrative'] });
  unit = { vacant: accounts.find((a) => a.kind === 'vacant')!.id, occupied: accounts.find((a) => a.kind === 'occupied')!.id };
  // The city's total, as the platform applies an approved matter, then a share delegated to the district.
  const [total, share] = await caller(system).ledger.transfer.create({
    linked: true,
    transfers: [single(pools[cityId]!.external!, pools[cityId]!.unallocated!, 100, 'approve_total', { approvalRef: 'matter/total' }), single(pools[cityId]!.unallocated!, pools[districtId]!.unallocated!, 20, 'allocate', { approvalRef: 'matter/share' })],
  });
  expect([total!.status, share!.status]).toEqual(['created', 'created']);
});

afterAll(async () => testDb?.drop());

describe('ledger.transfer.create and the authority table', () => {
  it('refuses a district admin creating quota from the district’s external source, and changes nothing', async () => {
    const before = await balanceOf(pools[districtId]!.unallocated!);
    const refused = await refusal(caller(admin('district_admin', districtId)).ledger.transfer.create({ linked: false, transfers: [single(pools[districtId]!.external!, pools[districtId]!.unallocated!, 1_000_000, 'approve_total', { documentNumber: '海编〔2026〕1号' })] }));
    expect(refused).toEqual({ code: 'TRANSFER_NOT_AUTHORIZED', message: '区县编办不能直接办理核定总额（上级核定来源 → 未分配编制池）：只能由市编办在本级编制池上办理' });
    expect(await balanceOf(pools[districtId]!.unallocated!)).toBe(before);
  });

  it('sends a bureau’s unit allocation to a matter, and lets the platform apply it only citing the matter', async () => {
    const move = () => single(pools[districtId]!.unallocated!, unit.vacant, 5, 'allocate', { documentNumber: '海编〔2026〕2号' });
    expect((await refusal(caller(admin('district_admin', districtId)).ledger.transfer.create({ linked: false, transfers: [move()] }))).code).toBe('TRANSFER_NOT_AUTHORIZED');
    expect((await refusal(caller(system).ledger.transfer.create({ linked: false, transfers: [move()] }))).code).toBe('TRANSFER_NOT_AUTHORIZED');
    const [applied] = await caller(system).ledger.transfer.create({ linked: false, transfers: [{ ...move(), approvalRef: 'matter/allocate' }] });
    expect(applied!.status).toBe('created');
    expect(await balanceOf(unit.vacant)).toBe(5);
  });

  it('never lets a free-standing transfer touch the frozen account, the roll or another district’s pools', async () => {
    const asDistrict = caller(admin('district_admin', districtId));
    for (const [debit, credit, code] of [
      [unit.vacant, pools[districtId]!.frozen!, 'freeze'],
      [pools[districtId]!.frozen!, unit.vacant, 'unfreeze'],
      [unit.vacant, unit.occupied, 'enter'],
      [pools[districtId]!.unallocated!, pools[otherDistrictId]!.unallocated!, 'transfer'],
    ] as const) {
      expect((await refusal(asDistrict.ledger.transfer.create({ linked: false, transfers: [single(debit, credit, 1, code, { documentNumber: '海编〔2026〕3号' })] }))).code, `${code}`).toBe('TRANSFER_NOT_AUTHORIZED');
      expect((await refusal(caller(system).ledger.transfer.create({ linked: false, transfers: [single(debit, credit, 1, code, { approvalRef: 'matter/x' })] }))).code, `system ${code}`).toBe('TRANSFER_NOT_AUTHORIZED');
    }
  });

  it('lets a bureau set aside its own reserve with a document number, and refuses it without one or on another jurisdiction', async () => {
    const reserve = (extra: Record<string, string>) => single(pools[districtId]!.unallocated!, pools[districtId]!.reserve!, 2, 'transfer', extra);
    expect((await refusal(caller(admin('district_admin', districtId)).ledger.transfer.create({ linked: false, transfers: [reserve({})] }))).message).toBe('编制变动须填写文号');
    expect((await refusal(caller(admin('city_admin', cityId)).ledger.transfer.create({ linked: false, transfers: [reserve({ documentNumber: '示编〔2026〕9号' })] }))).code).toBe('TRANSFER_NOT_AUTHORIZED');
    const [done] = await caller(admin('district_admin', districtId)).ledger.transfer.create({ linked: false, transfers: [reserve({ documentNumber: '海编〔2026〕4号' })] });
    expect(done!.status).toBe('created');
    expect(await balanceOf(pools[districtId]!.reserve!)).toBe(2);
  });

  it('refuses a whole batch when one member is not authorized (nothing of it applied)', async () => {
    const before = await balanceOf(pools[districtId]!.reserve!);
    const ok = single(pools[districtId]!.unallocated!, pools[districtId]!.reserve!, 1, 'transfer', { documentNumber: '海编〔2026〕5号' });
    const bad = single(pools[districtId]!.unallocated!, unit.vacant, 1, 'allocate', { documentNumber: '海编〔2026〕5号' });
    expect((await refusal(caller(admin('district_admin', districtId)).ledger.transfer.create({ linked: false, transfers: [ok, bad] }))).code).toBe('TRANSFER_NOT_AUTHORIZED');
    expect(await balanceOf(pools[districtId]!.reserve!)).toBe(before);
  });
});
