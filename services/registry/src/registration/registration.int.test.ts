import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInChina } from '@bianzhi/domain/calendar';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createJurisdiction } from '../jurisdiction/jurisdiction.service.js';
import { localizedMessage, refusal, registryHarness } from '../test-support.js';

let h: Awaited<ReturnType<typeof registryHarness>>;
let districtId: string;
let otherDistrictId: string;
let district: ReturnType<typeof h.callerAs>;
let other: ReturnType<typeof h.callerAs>;
let township: ReturnType<typeof h.callerAs>;

const today = todayInChina();
const lastYear = Number(today.slice(0, 4)) - 1;

beforeAll(async () => {
  h = await registryHarness('registry-registration');
  const seed = servicePrincipal('seed');
  districtId = (await createJurisdiction(h.db, seed, { parentId: h.cityId, level: 'district', code: '330203', name: '海曙区' })).id;
  otherDistrictId = (await createJurisdiction(h.db, seed, { parentId: h.cityId, level: 'district', code: '330205', name: '江北区' })).id;
  const townshipId = (await createJurisdiction(h.db, seed, { parentId: districtId, level: 'township', code: '330203001', name: '月湖街道' })).id;
  district = h.callerAs(h.userIn('district_admin', districtId));
  other = h.callerAs(h.userIn('district_admin', otherDistrictId));
  township = h.callerAs(h.userIn('township_admin', townshipId));
});
afterAll(async () => h?.drop());

const institution = (name: string, jurisdictionId = districtId, classified = false) => h.system.registry.organization.create({ jurisdictionId, name, kind: 'institution', institutionClass: 'welfare_1', basis: 'inventory', classified });
const particulars = (name: string, certificateNumber: string, validUntil = '2030-12-31') => ({ name, domicile: '海曙区中山西路1号', representative: '王强', fundsWan: 120, businessScope: '检验检测服务', certificateNumber, validFrom: '2025-01-01', validUntil });
const outbox = (type: string, aggregateId: string) => h.db.selectFrom('registry.outbox').select(['payload']).where('event_type', '=', type).where('aggregate_id', '=', aggregateId).execute();

describe('legal-person registration', () => {
  it('establishes, changes and cancels, each with its particulars kept in the history and audited', async () => {
    const unit = await institution('海曙区检验检测中心');
    const established = await district.registry.registration.establish({ organizationId: unit.id, effectiveDate: '2025-01-01', documentNumber: '海事登〔2025〕1号', expectedVersion: 0, particulars: particulars(unit.name, '事证第133020300001号') });
    expect(established.registration).toMatchObject({ status: 'active', representative: '王强', version: 1, registeredOn: '2025-01-01', flags: [] });

    const changed = await district.registry.registration.change({ organizationId: unit.id, effectiveDate: '2026-03-01', expectedVersion: 1, reason: '法定代表人调整', particulars: { ...particulars(unit.name, '事证第133020300001号'), representative: '李明', domicile: '海曙区解放南路8号' } });
    expect(changed.registration).toMatchObject({ representative: '李明', version: 2, changes: 1, registeredOn: '2025-01-01' });
    expect(changed.events.map((e) => [e.kind, e.changed])).toEqual([
      ['change', ['domicile', 'representative']],
      ['establish', []],
    ]);
    expect(changed.events[1]!.particulars.representative).toBe('王强');

    // A stale version, a change that changes nothing, and a second establishment are refused, nothing recorded.
    expect((await refusal(district.registry.registration.change({ organizationId: unit.id, effectiveDate: '2026-04-01', expectedVersion: 1, particulars: { ...particulars(unit.name, '事证第133020300001号'), representative: '赵六' } }))).domainCode).toBe('CONFLICT');
    const nothing = await refusal(district.registry.registration.change({ organizationId: unit.id, effectiveDate: '2026-04-01', expectedVersion: 2, particulars: { ...particulars(unit.name, '事证第133020300001号'), representative: '李明', domicile: '海曙区解放南路8号' } }));
    expect(nothing.domainCode).toBe('REGISTRATION_INVALID');
    expect(localizedMessage(nothing)).toBe('变更登记未改变任何登记事项');
    expect((await refusal(district.registry.registration.establish({ organizationId: unit.id, effectiveDate: '2026-04-01', expectedVersion: 2, particulars: particulars(unit.name, '事证第133020300009号') }))).domainCode).toBe('REGISTRATION_STATE');

    const cancelled = await district.registry.registration.cancel({ organizationId: unit.id, effectiveDate: '2026-06-30', expectedVersion: 2, reason: '不再具备法人条件', documentNumber: '海事登〔2026〕9号' });
    expect(cancelled.registration).toMatchObject({ status: 'cancelled', cancelledOn: '2026-06-30', version: 3 });
    expect((await refusal(district.registry.registration.change({ organizationId: unit.id, effectiveDate: '2026-07-01', expectedVersion: 3, particulars: particulars(unit.name, '事证第133020300001号') }))).domainCode).toBe('REGISTRATION_STATE');

    expect(await outbox('registry.registration.established', unit.id)).toHaveLength(1);
    expect(JSON.stringify((await outbox('registry.registration.changed', unit.id))[0]!.payload)).toContain('李明');
    expect(await outbox('registry.registration.cancelled', unit.id)).toHaveLength(1);
  });

  it('refuses organs, bad validity and a certificate number another unit holds, with clear messages', async () => {
    const organ = await h.system.registry.organization.create({ jurisdictionId: districtId, name: '海曙区财政局', kind: 'organ', organBranch: 'government', basis: 'inventory' });
    const notInstitution = await refusal(district.registry.registration.establish({ organizationId: organ.id, effectiveDate: '2025-01-01', expectedVersion: 0, particulars: particulars(organ.name, '事证第133020300002号') }));
    expect(notInstitution.domainCode).toBe('REGISTRATION_STATE');
    expect(localizedMessage(notInstitution, 'en')).toContain('is not a public institution');

    const unit = await institution('海曙区档案服务中心');
    const backwards = await refusal(district.registry.registration.establish({ organizationId: unit.id, effectiveDate: '2025-01-01', expectedVersion: 0, particulars: { ...particulars(unit.name, '事证第133020300003号'), validUntil: '2024-12-31' } }));
    expect(backwards.domainCode).toBe('REGISTRATION_INVALID');
    expect(localizedMessage(backwards)).toContain('须晚于起始日');

    const first = await institution('海曙区会展服务中心');
    await district.registry.registration.establish({ organizationId: first.id, effectiveDate: '2025-01-01', expectedVersion: 0, particulars: particulars(first.name, '事证第133020300004号') });
    const taken = await refusal(district.registry.registration.establish({ organizationId: unit.id, effectiveDate: '2025-01-01', expectedVersion: 0, particulars: particulars(unit.name, '事证第133020300004号') }));
    expect(taken.domainCode).toBe('REGISTRATION_INVALID');
    // The holder is not named: it may be another district's unit, or a classified one.
    expect(localizedMessage(taken)).toBe('证书编号事证第133020300004号已登记在其他单位名下');
    expect((await district.registry.registration.unit({ organizationId: unit.id })).registration).toBeNull();
    // Another district's number is as taken, and its holder as unnamed.
    const secret = await institution('江北区某保密中心', otherDistrictId, true);
    await other.registry.registration.establish({ organizationId: secret.id, effectiveDate: '2025-01-01', expectedVersion: 0, particulars: particulars(secret.name, '事证第133020500001号') });
    const across = await refusal(district.registry.registration.establish({ organizationId: unit.id, effectiveDate: '2025-01-01', expectedVersion: 0, particulars: particulars(unit.name, '事证第133020500001号') }));
    expect(localizedMessage(across)).not.toContain('江北区');

    // Four registrations of one new number at once: one is recorded, the others are refused as taken, none fails.
    const four = await Promise.all(['甲', '乙', '丙', '丁'].map((n) => institution(`海曙区并发中心${n}`)));
    const outcomes = await Promise.all(four.map((u) => district.registry.registration.establish({ organizationId: u.id, effectiveDate: '2025-01-01', expectedVersion: 0, particulars: particulars(u.name, '事证第133020300099号') }).then(() => 'recorded', (e: unknown) => (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code)));
    expect(outcomes.sort()).toEqual(['REGISTRATION_INVALID', 'REGISTRATION_INVALID', 'REGISTRATION_INVALID', 'recorded']);
  });

  it('lists certificates expiring and expired, abolished units still registered, and renamed units without a change', async () => {
    const expiring = await institution('海曙区老年大学');
    const expired = await institution('海曙区青少年宫');
    const abolished = await institution('海曙区园林管理所');
    const renamed = await institution('海曙区城建档案馆');
    for (const [unit, validUntil, n] of [
      [expiring, addDays(today, 30), 11],
      [expired, addDays(today, -1), 12],
      [abolished, '2030-12-31', 13],
      [renamed, '2030-12-31', 14],
    ] as const) {
      await district.registry.registration.establish({ organizationId: unit.id, effectiveDate: '2025-01-01', expectedVersion: 0, particulars: { ...particulars(unit.name, `事证第1330203000${n}号`, validUntil), validFrom: '2020-01-01' } });
    }
    await h.system.registry.organization.abolish({ id: abolished.id, documentNumber: '海编〔2026〕3号' });
    await h.system.registry.organization.update({ id: renamed.id, changes: { name: '海曙区城市建设档案馆' }, documentNumber: '海编〔2026〕4号' });

    const overview = await district.registry.registration.overview({});
    const names = (list: { organizationName: string }[]) => list.map((r) => r.organizationName).sort();
    expect(names(overview.expiring)).toEqual(['海曙区老年大学', '海曙区青少年宫']);
    expect(overview.expiring.find((r) => r.organizationName === '海曙区青少年宫')!.flags).toEqual(['certificate_expired']);
    expect(names(overview.missingCancellations)).toEqual(['海曙区园林管理所']);
    expect(names(overview.missingChanges)).toEqual(['海曙区城市建设档案馆']);
    expect((await district.registry.registration.unit({ organizationId: abolished.id })).registration!.flags).toEqual(['cancellation_missing']);

    // A change registration under the new name clears the flag; a cancellation clears the abolished unit's.
    await district.registry.registration.change({ organizationId: renamed.id, effectiveDate: today, expectedVersion: 1, particulars: { ...particulars('海曙区城市建设档案馆', '事证第133020300014号'), validFrom: '2020-01-01' } });
    await district.registry.registration.cancel({ organizationId: abolished.id, effectiveDate: today, expectedVersion: 1, reason: '机构撤销' });
    const after = await district.registry.registration.overview({ expiringWithinDays: 10 });
    expect(after.missingCancellations).toEqual([]);
    expect(after.missingChanges).toEqual([]);
    expect(names(after.expiring)).toEqual(['海曙区青少年宫']);
  });

  it('takes annual reports from the unit itself, lists who owes the year, and keeps a published report', async () => {
    const unit = await institution('海曙区文化馆');
    const neighbour = await institution('海曙区图书馆');
    for (const [u, n] of [
      [unit, 21],
      [neighbour, 22],
    ] as const) {
      await district.registry.registration.establish({ organizationId: u.id, effectiveDate: `${lastYear - 1}-03-01`, expectedVersion: 0, particulars: particulars(u.name, `事证第1330203000${n}号`) });
    }
    const owing = (await district.registry.registration.overview({ reportYear: lastYear })).missingReports.map((r) => r.organizationName);
    expect(owing).toEqual(expect.arrayContaining(['海曙区文化馆', '海曙区图书馆']));

    const staff = h.callerAs(h.userIn('department_user', districtId, unit.id));
    await staff.registry.registration.fileReport({ organizationId: unit.id, year: lastYear, summary: '全年举办展览12场', netAssetsWan: 350.5, headcount: 18 });
    expect((await refusal(staff.registry.registration.fileReport({ organizationId: neighbour.id, year: lastYear, summary: '代报' }))).domainCode).toBe('OUT_OF_SCOPE');
    const thisYear = await refusal(staff.registry.registration.fileReport({ organizationId: unit.id, year: lastYear + 1, summary: '提前报送' }));
    expect(thisYear.domainCode).toBe('REGISTRATION_INVALID');
    expect((await refusal(staff.registry.registration.publishReport({ organizationId: unit.id, year: lastYear }))).code).toBe('FORBIDDEN');

    const page = await district.registry.registration.unit({ organizationId: unit.id });
    expect(page.reports[0]).toMatchObject({ year: lastYear, netAssetsWan: 350.5, headcount: 18, publishedAt: null });
    expect(page.missingReportYears).toEqual([lastYear - 1]);
    const stillOwing = (await district.registry.registration.overview({ reportYear: lastYear })).missingReports.map((r) => r.organizationName);
    expect(stillOwing).toContain('海曙区图书馆');
    expect(stillOwing).not.toContain('海曙区文化馆');

    const published = await district.registry.registration.publishReport({ organizationId: unit.id, year: lastYear });
    expect(published.reports[0]!.publishedAt).not.toBeNull();
    expect((await refusal(staff.registry.registration.fileReport({ organizationId: unit.id, year: lastYear, summary: '改写' }))).domainCode).toBe('REGISTRATION_STATE');
    expect(await outbox('registry.annual_report.published', unit.id)).toHaveLength(1);
    // Anyone reads the published report; the unpublished one is not public.
    const reports = await h.callerAs(null).registry.registration.publishedReports({ q: '海曙区' });
    expect(reports.filter((r) => r.organizationId === unit.id).map((r) => [r.year, r.summary, r.headcount])).toEqual([[lastYear, '全年举办展览12场', 18]]);
    expect(reports.map((r) => r.organizationId)).not.toContain(neighbour.id);
    // An abolished unit's reports leave the public site with it.
    await h.system.registry.organization.abolish({ id: unit.id, expectedVersion: (await h.system.registry.organization.get({ id: unit.id })).version, effectiveDate: today, documentNumber: '海编〔2026〕99号', reason: '撤销' });
    expect((await h.callerAs(null).registry.registration.publishedReports({ q: '海曙区' })).map((r) => r.organizationId)).not.toContain(unit.id);
  });

  it('keeps another district and a township out: reads, registrations and reports', async () => {
    const unit = await institution('海曙区体育中心');
    const registered = await district.registry.registration.establish({ organizationId: unit.id, effectiveDate: '2025-01-01', expectedVersion: 0, particulars: particulars(unit.name, '事证第133020300031号') });
    expect((await refusal(other.registry.registration.unit({ organizationId: unit.id }))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await refusal(other.registry.registration.cancel({ organizationId: unit.id, effectiveDate: today, expectedVersion: 1, reason: '越权' }))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await refusal(other.registry.registration.overview({ jurisdictionId: districtId }))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await other.registry.registration.overview({})).registrations.map((r) => r.organizationId)).not.toContain(unit.id);
    expect((await refusal(township.registry.registration.cancel({ organizationId: unit.id, effectiveDate: today, expectedVersion: 1, reason: '越权' }))).code).toBe('FORBIDDEN');
    expect((await district.registry.registration.unit({ organizationId: unit.id })).registration).toEqual(registered.registration);
  });
});

describe('charters', () => {
  const charter = (organizationId: string, basedOnVersion: number, purpose = '为公众提供文化服务') => ({ organizationId, basedOnVersion, purpose, businessScope: '展览、培训', governance: '党组织发挥把方向、管大局、保落实作用；理事会决策，馆长执行' });

  it('are checked as the filer sees the unit, recorded once per matter by the platform, versioned and published', async () => {
    const unit = await institution('海曙区美术馆');
    const hidden = await institution('海曙区保密档案中心', districtId, true);
    expect(await district.registry.charter.check({ organizationId: unit.id })).toMatchObject({ currentVersion: 0, organizationName: '海曙区美术馆' });
    expect((await refusal(other.registry.charter.check({ organizationId: unit.id }))).domainCode).toBe('OUT_OF_SCOPE');
    const organ = await h.system.registry.organization.create({ jurisdictionId: districtId, name: '海曙区文广旅体局', kind: 'organ', organBranch: 'government', basis: 'inventory' });
    expect((await refusal(district.registry.charter.check({ organizationId: organ.id }))).domainCode).toBe('REGISTRATION_STATE');

    // The old fields are no side door: a charter is a matter, a registration is recorded through registry.registration.
    const direct = await refusal(district.registry.organization.update({ id: unit.id, changes: { charter: { purpose: '直接写入', businessScope: '直接写入', approvedOn: '2026-01-01' } } }));
    expect(direct.domainCode).toBe('MATTER_REQUIRED');
    expect((await refusal(district.registry.organization.update({ id: unit.id, changes: { legalRegistration: { representative: '直接写入', registeredOn: '2026-01-01' } } }))).domainCode).toBe('VALIDATION_FAILED');
    // Only the platform records a charter.
    expect((await refusal(district.registry.charter.record({ matterId: randomUUID(), documentNumber: 'x', charter: charter(unit.id, 0) }))).code).toBe('FORBIDDEN');
    const matterId = randomUUID();
    expect(await h.system.registry.charter.record({ matterId, documentNumber: '海编〔2026〕20号', charter: charter(unit.id, 0) })).toEqual({ version: 1 });
    expect(await h.system.registry.charter.record({ matterId, documentNumber: '海编〔2026〕20号', charter: charter(unit.id, 0) })).toEqual({ version: 1 });
    const stale = await refusal(h.system.registry.charter.record({ matterId: randomUUID(), documentNumber: '海编〔2026〕21号', charter: charter(unit.id, 0, '另一稿') }));
    expect(stale.domainCode).toBe('DOCUMENT_VERSION_STALE');
    expect(await h.system.registry.charter.record({ matterId: randomUUID(), documentNumber: '海编〔2026〕22号', charter: charter(unit.id, 1, '修订稿') })).toEqual({ version: 2 });
    await h.system.registry.charter.record({ matterId: randomUUID(), documentNumber: '海编〔2026〕23号', charter: charter(hidden.id, 0) });

    const page = await district.registry.registration.unit({ organizationId: unit.id });
    expect(page.charters.map((c) => [c.version, c.purpose, c.approvalDocumentNumber])).toEqual([
      [2, '修订稿', '海编〔2026〕22号'],
      [1, '为公众提供文化服务', '海编〔2026〕20号'],
    ]);
    expect(await outbox('registry.charter.approved', unit.id)).toHaveLength(2);

    // The public records take a unit's main functions from its latest charter when it has no three-determinations document.
    expect((await h.system.registry.organization.publicRecords()).find((r) => r.id === unit.id)?.functions).toEqual(['修订稿']);

    // Anyone reads the latest version of each non-classified institution.
    const anonymous = h.callerAs(null);
    const published = await anonymous.registry.charter.published({ q: '海曙区' });
    expect(published.filter((c) => c.organizationId === unit.id).map((c) => c.version)).toEqual([2]);
    expect(published.map((c) => c.organizationId)).not.toContain(hidden.id);
  });
});
