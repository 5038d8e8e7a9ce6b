import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import pino from 'pino';
import type { DB } from '@bianzhi/db/generated/registry';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { createRegistryRouter } from '../router.js';
import { createJurisdiction } from '../jurisdiction/jurisdiction.service.js';

let testDb: TestDatabase<DB>;
let cityId: string;
const service = () => createCallerFactory(createRegistryRouter(testDb.db))({ principal: servicePrincipal('reform'), locale: 'en', requestId: 't', log: pino({ level: 'silent' }) });

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('registry-organization');
  cityId = (await createJurisdiction(testDb.db, servicePrincipal('seed'), { parentId: null, level: 'city', code: '210200', name: '大连市' })).id;
});
afterAll(async () => testDb?.drop());

describe('registry.organization', () => {
  it('creates once per idempotency key and refuses the key for a different body', async () => {
    const input = { jurisdictionId: cityId, name: '市数据局', kind: 'organ' as const, idempotencyKey: 'wf-1/create-organization' };
    const first = await service().registry.organization.create(input);
    const again = await service().registry.organization.create(input);
    expect(again.id).toBe(first.id);
    const error = await service().registry.organization.create({ ...input, name: '别的局' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('CONFLICT');
    const rows = await testDb.db.selectFrom('registry.organizations').select('id').where('idempotency_key', '=', input.idempotencyKey).execute();
    expect(rows).toHaveLength(1);
  });

  it('activates a planned organization once; a retry is a no-op with no second audit event', async () => {
    const created = await service().registry.organization.create({ jurisdictionId: cityId, name: '市档案馆', kind: 'institution' });
    expect(created.status).toBe('planned');
    expect((await service().registry.organization.activate({ id: created.id })).status).toBe('active');
    expect((await service().registry.organization.activate({ id: created.id })).status).toBe('active');
    const events = await testDb.db.selectFrom('registry.outbox').select('event_type').where('aggregate_id', '=', created.id).orderBy('seq').execute();
    expect(events.map((e) => e.event_type)).toEqual(['registry.organization.created', 'registry.organization.activated']);
  });
});

describe('department users', () => {
  it('see their own unit and jurisdiction only', async () => {
    const own = await service().registry.organization.create({ jurisdictionId: cityId, name: '市教育局', kind: 'organ' });
    const other = await service().registry.organization.create({ jurisdictionId: cityId, name: '市卫健委', kind: 'organ' });
    const district = await createJurisdiction(testDb.db, servicePrincipal('seed'), { parentId: cityId, level: 'district', code: '210202', name: '中山区' });
    const department = createCallerFactory(createRegistryRouter(testDb.db))({
      principal: { kind: 'user', id: 'edu-user', name: '教育局用户', roles: ['department_user'], jurisdictionId: cityId, organizationId: own.id },
      locale: 'zh-CN',
      requestId: 't',
      log: pino({ level: 'silent' }),
    });
    expect((await department.registry.organization.get({ id: own.id })).name).toBe('市教育局');
    const refused = await department.registry.organization.get({ id: other.id }).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe('FORBIDDEN');
    const seen = await department.registry.jurisdiction.list({});
    expect(seen.map((j) => j.id)).toEqual([cityId]);
    expect(seen.map((j) => j.id)).not.toContain(district.id);
  });
});

describe('registry.organization.list', () => {
  it('finds units by Chinese substring or pinyin initials, within the caller’s scope, a page at a time', async () => {
    const district = await createJurisdiction(testDb.db, servicePrincipal('seed'), { parentId: cityId, level: 'district', code: '210203', name: '西岗区' });
    for (const name of ['西岗区教育局', '西岗区财政局', '西岗区人民医院']) await service().registry.organization.create({ jurisdictionId: district.id, name, kind: 'organ' });
    const districtAdmin = createCallerFactory(createRegistryRouter(testDb.db))({
      principal: { kind: 'user', id: 'xg-admin', name: '西岗区编办', roles: ['district_admin'], jurisdictionId: district.id, organizationId: null },
      locale: 'zh-CN',
      requestId: 't',
      log: pino({ level: 'silent' }),
    });
    const byName = await districtAdmin.registry.organization.list({ search: '教育' });
    expect(byName.items.map((o) => o.name)).toEqual(['西岗区教育局']);
    expect(byName.items[0]?.jurisdictionName).toBe('西岗区');
    expect((await districtAdmin.registry.organization.list({ search: 'XGQCZ' })).items.map((o) => o.name)).toEqual(['西岗区财政局']);
    // City-level units (市教育局 above) are outside a district admin's scope.
    const all = await districtAdmin.registry.organization.list({ limit: 2 });
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);
    expect((await districtAdmin.registry.organization.list({ search: '100%' })).total).toBe(0);
  });
});

describe('registry.organization.exportXlsx', () => {
  it('exports exactly the filtered, scoped list as a workbook with Chinese headers', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const exported = await service().registry.organization.exportXlsx({ search: '西岗区' });
    expect(exported.rows).toBe(3);
    expect(exported.filename).toMatch(/^机构名录-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(exported.contentBase64, 'base64') as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.getWorksheet('机构名录')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '序号', '机构名称', '机构类型', '所属区划', '状态', '设立时间']);
    const names = [2, 3, 4].map((r) => sheet.getRow(r).getCell(2).value).sort();
    expect(names).toEqual(['西岗区人民医院', '西岗区教育局', '西岗区财政局'].sort());
    expect(sheet.getRow(2).getCell(4).value).toBe('西岗区');
  });
});
