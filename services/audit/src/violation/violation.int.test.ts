import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DB } from '@bianzhi/db/generated/audit';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { userPrincipal } from '@bianzhi/testing/principals';
import type { JurisdictionScope } from '../scope.js';
import { listEntries } from '../log/log.repository.js';
import { blockStatusOf, closeViolation, evidenceFile, getViolation, listViolations, openViolation, updateViolation } from './violation.service.js';

let testDb: TestDatabase<DB>;
const cityId = randomUUID();
const districtId = randomUUID();
const units = {
  bureau: { id: randomUUID(), jurisdictionId: cityId, name: '市统计局' },
  school: { id: randomUUID(), jurisdictionId: districtId, name: '海曙区第一中学' },
};

/**
 * The registry's answer, held in memory for this service's own test (the real registry port is
 * exercised on the full stack): city users see both units, district users the district's, a
 * department user only their own unit.
 */
const scope: JurisdictionScope = {
  jurisdictionIdsOf: async (p) => (p.jurisdictionId === cityId ? [cityId, districtId] : [districtId]),
  organizationOf: async (p, id) => {
    const unit = Object.values(units).find((u) => u.id === id);
    if (!unit) throw new DomainError('NOT_FOUND', `organization ${id}`);
    const visible = p.organizationId ? p.organizationId === id : p.jurisdictionId === cityId || unit.jurisdictionId === p.jurisdictionId;
    if (!visible) throw new DomainError('OUT_OF_SCOPE', `organization ${id}`);
    return unit;
  },
  lookupOrganizations: async () => [],
};

const inspector = userPrincipal('inspector', cityId, 'inspector-wang');
const districtAdmin = userPrincipal('district_admin', districtId, 'haishu-admin');
const schoolUser: Principal = { ...userPrincipal('department_user', districtId, 'school-user'), organizationId: units.school.id };
const file = (name: string, text: string, contentType = 'text/plain') => ({ fileName: name, contentType, contentBase64: Buffer.from(text).toString('base64') });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('audit-violations');
});
afterAll(async () => testDb?.drop());

describe('violations: open, rectify, close, and the approval block', () => {
  it('walks a violation from opening with evidence to an inspector’s closure; only the closure lifts the block', async () => {
    const opened = await openViolation(testDb.db, scope, inspector, {
      organizationId: units.school.id,
      kind: 'over_quota_hiring',
      title: '超编进人2名',
      description: '2026年专项督查发现',
      deadline: '2027-03-31',
      evidence: [file('督查记录.txt', '现场核查记录')],
    });
    expect(opened).toMatchObject({ status: 'open', kind: 'over_quota_hiring', jurisdictionId: districtId, deadline: '2027-03-31', overdue: false });
    expect(opened.evidence).toEqual([expect.objectContaining({ fileName: '督查记录.txt', size: Buffer.byteLength('现场核查记录'), sha256: sha256('现场核查记录') })]);
    expect(await blockStatusOf(testDb.db, units.school.id)).toMatchObject({ blocked: true, violations: [{ id: opened.id, title: '超编进人2名', kind: 'over_quota_hiring' }] });

    // The unit reports what it has done, with its own evidence; it may not move the deadline.
    await expect(updateViolation(testDb.db, scope, schoolUser, { id: opened.id, deadline: '2027-12-31', evidence: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const reported = await updateViolation(testDb.db, scope, schoolUser, { id: opened.id, rectification: '已按程序清退超编人员2名', evidence: [file('整改报告.txt', '清退文件')] });
    expect(reported).toMatchObject({ status: 'rectifying', rectification: '已按程序清退超编人员2名' });
    expect(reported.evidence.map((e) => e.fileName)).toEqual(['督查记录.txt', '整改报告.txt']);
    expect((await blockStatusOf(testDb.db, units.school.id)).blocked).toBe(true);

    const closed = await closeViolation(testDb.db, scope, inspector, { id: opened.id, conclusion: '经复查整改到位' });
    expect(closed).toMatchObject({ status: 'closed', conclusion: '经复查整改到位', closedBy: { id: 'inspector-wang' } });
    expect(await blockStatusOf(testDb.db, units.school.id)).toEqual({ blocked: false, violations: [] });

    await expect(updateViolation(testDb.db, scope, schoolUser, { id: opened.id, rectification: '补充', evidence: [] })).rejects.toMatchObject({ code: 'VIOLATION_STATE' });
    await expect(closeViolation(testDb.db, scope, inspector, { id: opened.id, conclusion: '再次关闭' })).rejects.toMatchObject({ code: 'VIOLATION_STATE' });

    // Every step is on the audit chain, with the evidence's checksums.
    const entries = await listEntries(testDb.db, { jurisdictionIds: null, aggregateId: opened.id, limit: 10 });
    expect(entries.map((e) => e.eventType)).toEqual(['audit.violation.closed', 'audit.violation.updated', 'audit.violation.opened']);
    expect(entries[1]!.payload).toMatchObject({ organizationId: units.school.id, before: { status: 'open' }, after: { status: 'rectifying' }, evidence: [{ fileName: '整改报告.txt', sha256: sha256('清退文件') }] });
  });

  it('refuses a bad evidence file and stores nothing of the request', async () => {
    const before = await testDb.db.selectFrom('audit.violations').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const attempt = openViolation(testDb.db, scope, inspector, {
      organizationId: units.bureau.id,
      kind: 'mixed_posting',
      title: '混岗使用',
      description: '',
      deadline: '2027-01-31',
      evidence: [file('照片.png', 'png bytes', 'image/png'), file('程序.exe', 'MZ', 'application/x-msdownload')],
    });
    await expect(attempt).rejects.toMatchObject({ code: 'EVIDENCE_INVALID', localized: { 'zh-CN': expect.stringContaining('程序.exe') } });
    await expect(openViolation(testDb.db, scope, inspector, { organizationId: units.bureau.id, kind: 'other', title: '空文件', description: '', deadline: '2027-01-31', evidence: [file('空.txt', '')] })).rejects.toMatchObject({ code: 'EVIDENCE_INVALID' });
    const after = await testDb.db.selectFrom('audit.violations').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('keeps each party to its scope: a district cannot open one for a city unit, a unit sees only its own', async () => {
    await expect(openViolation(testDb.db, scope, districtAdmin, { organizationId: units.bureau.id, kind: 'other', title: '越权', description: '', deadline: '2027-01-31', evidence: [] })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    const cityCase = await openViolation(testDb.db, scope, inspector, { organizationId: units.bureau.id, kind: 'unauthorized_organization', title: '擅自设立内设机构', description: '', deadline: '2027-02-28', evidence: [] });
    await expect(getViolation(testDb.db, scope, schoolUser, cityCase.id)).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    const seenBySchool = await listViolations(testDb.db, scope, schoolUser, { limit: 100 });
    expect(seenBySchool.length).toBeGreaterThan(0);
    expect(seenBySchool.every((v) => v.organizationId === units.school.id)).toBe(true);
    expect((await listViolations(testDb.db, scope, inspector, { limit: 100 })).some((v) => v.id === cityCase.id)).toBe(true);
  });

  it('marks a violation past its deadline as overdue, and lists the overdue ones', async () => {
    const late = await openViolation(testDb.db, scope, inspector, { organizationId: units.school.id, kind: 'ghost_employee', title: '吃空饷1人', description: '', deadline: '2026-01-31', evidence: [] });
    expect(late.overdue).toBe(true);
    const overdue = await listViolations(testDb.db, scope, inspector, { overdue: true, limit: 100 });
    expect(overdue.map((v) => v.id)).toContain(late.id);
    expect(overdue.every((v) => v.overdue && v.status !== 'closed')).toBe(true);
    const moved = await updateViolation(testDb.db, scope, inspector, { id: late.id, deadline: '2027-06-30', evidence: [] });
    expect(moved).toMatchObject({ overdue: false, deadline: '2027-06-30', status: 'open' });
  });

  it('serves an evidence file with its checksum checked, and says so when the stored bytes were altered', async () => {
    const opened = await openViolation(testDb.db, scope, inspector, { organizationId: units.school.id, kind: 'other', title: '材料核验', description: '', deadline: '2027-01-31', evidence: [file('核查表.txt', '原始内容')] });
    const stored = await evidenceFile(testDb.db, scope, districtAdmin, opened.evidence[0]!.id);
    expect(stored).toMatchObject({ intact: true, sha256: sha256('原始内容') });
    expect(Buffer.from(stored.contentBase64, 'base64').toString()).toBe('原始内容');
    await expect(sql`update audit.evidence set content = ${Buffer.from('改过的内容')} where id = ${opened.evidence[0]!.id}`.execute(testDb.db)).rejects.toThrow(/append-only/);
    // A superuser with the triggers off can still change the bytes; the checksum shows it.
    await testDb.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = 'replica'`.execute(trx);
      await sql`update audit.evidence set content = ${Buffer.from('改过的内容')} where id = ${opened.evidence[0]!.id}`.execute(trx);
    });
    expect((await evidenceFile(testDb.db, scope, districtAdmin, opened.evidence[0]!.id)).intact).toBe(false);
  });
});
