import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import pino from 'pino';
import { sql } from 'kysely';
import type { DB } from '@bianzhi/db/generated/registry';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import type { Principal } from '@bianzhi/domain/access';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { userPrincipal } from '@bianzhi/testing/principals';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createRegistryRouter } from '../router.js';
import { createJurisdiction } from './jurisdiction.service.js';

let testDb: TestDatabase<DB>;
const log = pino({ level: 'silent' });

function callerAs(principal: Principal | null, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return createCallerFactory(createRegistryRouter(testDb.db, fakeViolations()))({ principal, locale, requestId: 'test', log });
}

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

let cityId: string;
let districtId: string;

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('registry-jurisdiction');
  // A city is created at platform level (the seed, a provincial bureau); districts by the city's admin.
  cityId = (await createJurisdiction(testDb.db, servicePrincipal('seed'), { parentId: null, level: 'city', code: '420100', name: '武汉市' })).id;
  const cityAdmin = callerAs(userPrincipal('city_admin', cityId));
  districtId = (await cityAdmin.registry.jurisdiction.create({ parentId: cityId, level: 'district', code: '420102', name: '江岸区' })).id;
  await cityAdmin.registry.jurisdiction.create({ parentId: cityId, level: 'district', code: '420103', name: '江汉区' });
});

afterAll(async () => {
  await testDb?.drop();
});

describe('registry.jurisdiction', () => {
  it('creates a township under a district and writes its audit event in the same transaction', async () => {
    const cityAdmin = callerAs(userPrincipal('city_admin', cityId));
    const created = await cityAdmin.registry.jurisdiction.create({ parentId: districtId, level: 'township', code: '420102001', name: '大智街道' });
    expect(created).toMatchObject({ level: 'township', code: '420102001', depth: 2, parentId: districtId });

    const events = await sql<{ event_type: string; aggregate_id: string; actor: { id: string } }>`
      select event_type, aggregate_id, actor from registry.outbox where aggregate_id = ${created.id}`.execute(testDb.db);
    expect(events.rows).toEqual([expect.objectContaining({ event_type: 'registry.jurisdiction.created', actor: expect.objectContaining({ id: 'user-city_admin' }) })]);
  });

  it('lists only the caller’s subtree', async () => {
    const districtAdmin = callerAs(userPrincipal('district_admin', districtId));
    const seen = await districtAdmin.registry.jurisdiction.list({});
    expect(seen.map((j) => j.code).sort()).toEqual(['420102', '420102001']);
    const cityAdmin = callerAs(userPrincipal('city_admin', cityId));
    expect((await cityAdmin.registry.jurisdiction.list({ level: 'district' })).map((j) => j.name)).toEqual(['江岸区', '江汉区']);
  });

  it('refuses a city created by anyone but the platform', async () => {
    const error = await refusal(callerAs(userPrincipal('city_admin', cityId)).registry.jurisdiction.create({ parentId: null, level: 'city', code: '420200', name: '黄石市' }));
    expect(error.code).toBe('FORBIDDEN');
  });

  it('refuses to create outside the caller’s scope and changes nothing', async () => {
    const districtAdmin = callerAs(userPrincipal('district_admin', districtId));
    const otherDistrict = (await callerAs(servicePrincipal('test')).registry.jurisdiction.list({ search: '420103' }))[0]!;
    const error = await refusal(districtAdmin.registry.jurisdiction.create({ parentId: otherDistrict.id, level: 'township', code: '420103001', name: '民族街道' }));
    expect(error.code).toBe('FORBIDDEN');
    const count = await testDb.db.selectFrom('registry.jurisdictions').select((eb) => eb.fn.countAll<number>().as('n')).where('code', '=', '420103001').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses a duplicate division code with a conflict', async () => {
    const error = await refusal(callerAs(userPrincipal('city_admin', cityId)).registry.jurisdiction.create({ parentId: cityId, level: 'district', code: '420102', name: '重复区' }));
    expect(error.code).toBe('CONFLICT');
    expect((error.cause as { code?: string }).code).toBe('JURISDICTION_CODE_TAKEN');
  });

  it('refuses a township directly under a city', async () => {
    const error = await refusal(callerAs(userPrincipal('city_admin', cityId)).registry.jurisdiction.create({ parentId: cityId, level: 'township', code: '420100001', name: '错层街道' }));
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('refuses callers without the permission or without a principal', async () => {
    expect((await refusal(callerAs(userPrincipal('auditor', cityId)).registry.jurisdiction.create({ parentId: cityId, level: 'district', code: '420104', name: '硚口区' }))).code).toBe('FORBIDDEN');
    expect((await refusal(callerAs(null).registry.jurisdiction.list({}))).code).toBe('UNAUTHORIZED');
  });
});
