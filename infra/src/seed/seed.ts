import type { Kysely } from 'kysely';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createJurisdiction, listJurisdictions } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createOrganization, type RegistryDeps } from '@bianzhi/registry/organization/organization.service';
import { databaseViolations } from './violations.js';
import { openJurisdictionPools, openOrganizationAccounts } from '@bianzhi/quota-ledger/account/account.service';
import { createTransfers } from '@bianzhi/quota-ledger/transfer/transfer.service';
import { randomUUID } from 'node:crypto';
import { ensureAccount } from '@bianzhi/gateway/identity/identity.service';
import type { DB as IdentityDB } from '@bianzhi/db/generated/identity';
import type { QuotaType } from '@bianzhi/contracts/ledger';
import type { OrganizationRef } from '@bianzhi/contracts/registry';
import { creditCodeCheckCharacter } from '@bianzhi/domain/identifiers';
import type { OrganizationRank } from '@bianzhi/domain/organization';
import { publishThreeDeterminations } from '@bianzhi/registry/three-determinations/three-determinations.service';
import { setLimits } from '@bianzhi/registry/limit/limit.service';
import { adjustPowerList, openPowerBatch, publishPowerBatch } from '@bianzhi/registry/power-list/power-list.service';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { importRoll, type RollRow } from '@bianzhi/quota-ledger/roll/roll-import';
import { syntheticPeople } from './people.js';
import { seedWorkforce } from './workforce.js';
import { seedStandards } from './standards.js';
import { seedMonitoring } from './demo-reduction.js';
import { seedServiceGuides } from './service-guides.js';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import {
  bureauDocument,
  cityInstitutionParents,
  cityInstitutions,
  cityLimits,
  cityNameplates,
  cityOrgans,
  demoCity,
  demoDistricts,
  districtInstitutions,
  districtLimits,
  districtOrgans,
  institutionProfile,
  organBranchOf,
  powerListSample,
  subdistrictDepartments,
} from './demo-city.js';

export const DEV_LOGIN = { username: 'admin', password: 'bianzhi-dev' } as const;

export interface SeedReport {
  created: boolean;
  jurisdictions: number;
  organizations: number;
  users: string[];
}

/**
 * Loads the demo city through the services' own command functions, so the seed obeys the same
 * rules and leaves the same audit events as real use. Does nothing when the city exists.
 */
export async function seedDemoData(db: Kysely<unknown>, options: { devUsers: boolean }): Promise<SeedReport> {
  const registryDb = db as unknown as Kysely<RegistryDB>;
  const ledgerDb = db as unknown as Kysely<LedgerDB>;
  const system = servicePrincipal('seed');
  const existing = await listJurisdictions(registryDb, system, { search: demoCity.code });
  let city = existing.find((j) => j.code === demoCity.code);
  let jurisdictions = 0;
  let organizations = 0;

  if (!city) {
    city = await createJurisdiction(registryDb, system, { parentId: null, level: 'city', code: demoCity.code, name: demoCity.name });
    jurisdictions += 1;
    const deps: RegistryDeps = { db: registryDb, violations: databaseViolations(db) };
    const ids = new Map<string, string>();
    let serial = 0;
    // Unified social credit codes: 11 (organ) or 12 (institution), the division code, a serial, the check character.
    const creditCode = (kind: 'organ' | 'institution', divisionCode: string) => {
      serial += 1;
      const body = `${kind === 'organ' ? '11' : '12'}${divisionCode}MB${String(serial).padStart(7, '0')}`;
      return body + creditCodeCheckCharacter(body);
    };
    const establish = async (
      jurisdiction: { id: string; code: string },
      name: string,
      kind: 'organ' | 'institution',
      rank: OrganizationRank,
      parentName?: string,
    ) => {
      const organization = await createOrganization(deps, system, {
        jurisdictionId: jurisdiction.id,
        name,
        kind,
        basis: 'inventory',
        rank,
        parentId: parentName ? (ids.get(parentName) ?? null) : null,
        creditCode: creditCode(kind, jurisdiction.code.slice(0, 6)),
        nameplates: cityNameplates[name] ?? [],
        ...(kind === 'institution' ? institutionProfile(name) : { funding: 'full' as const, organBranch: organBranchOf(name) }),
        effectiveDate: '2019-01-01',
        idempotencyKey: `seed/${jurisdiction.id}/${name}`,
      });
      ids.set(name, organization.id);
      const quotaTypes: QuotaType[] = kind === 'organ' ? ['administrative', 'organ_worker'] : ['institution'];
      await openOrganizationAccounts(ledgerDb, system, { organizationId: organization.id, jurisdictionId: jurisdiction.id, quotaTypes });
      organizations += 1;
      return organization;
    };
    const cityRef = { id: city.id, code: city.code };
    for (const name of cityOrgans) await establish(cityRef, name, 'organ', 'fu_ting');
    for (const name of cityInstitutions) await establish(cityRef, name, 'institution', 'zheng_chu', cityInstitutionParents[name]);

    const office = (d: { name: string; headcount: number; type?: 'office' | 'platform' }) => ({ type: 'office' as const, leadershipPosts: {}, functions: '', ...d });
    await publishThreeDeterminations(deps, system, {
      organizationId: ids.get(bureauDocument.organ)!,
      basedOnVersion: 0,
      documentNumber: bureauDocument.documentNumber,
      effectiveDate: bureauDocument.effectiveDate,
      functions: bureauDocument.functions,
      departments: bureauDocument.departments.map(office),
      staffing: bureauDocument.staffing,
      leadershipPosts: { fu_ting: 1, zheng_chu: 5, fu_chu: 4 },
    });

    const batch = await openPowerBatch(registryDb, system, { jurisdictionId: city.id, year: 2026, half: 1 });
    for (const [organ, items] of Object.entries(powerListSample)) {
      await adjustPowerList(registryDb, system, { batchId: batch.id, organizationId: ids.get(organ)!, add: items, remove: [] });
    }
    await publishPowerBatch(registryDb, system, { batchId: batch.id, documentNumber: '示政办发〔2026〕18号' });
    await setLimits(registryDb, system, { jurisdictionId: city.id, ...cityLimits, limits: [...cityLimits.limits] });

    for (const district of demoDistricts) {
      const created = await createJurisdiction(registryDb, system, { parentId: city.id, level: 'district', code: district.code, name: district.name });
      jurisdictions += 1;
      // 区教育局 → 海曙区教育局: district units carry their district's name.
      const local = (name: string) => `${district.name}${name.slice(1)}`;
      for (const name of districtOrgans) await establish(created, local(name), 'organ', 'zheng_chu');
      for (const name of districtInstitutions) await establish(created, local(name), 'institution', 'fu_chu', local('区卫生健康局'));
      await setLimits(registryDb, system, { jurisdictionId: created.id, ...districtLimits, limits: [...districtLimits.limits] });
      for (const [index, townshipName] of district.townships.entries()) {
        const township = await createJurisdiction(registryDb, system, { parentId: created.id, level: 'township', code: `${district.code}${String(index + 1).padStart(3, '0')}`, name: townshipName });
        jurisdictions += 1;
        const subdistrict = townshipName.endsWith('街道');
        const seat = await establish(township, subdistrict ? `${townshipName}办事处` : `${townshipName}人民政府`, 'organ', subdistrict ? 'fu_chu' : 'zheng_ke');
        await establish(township, `${townshipName}社区服务中心`, 'institution', 'zheng_ke', seat.name);
        await publishThreeDeterminations(deps, system, {
          organizationId: seat.id,
          basedOnVersion: 0,
          documentNumber: `${district.name.slice(0, 2)}委办发〔2020〕${index + 11}号`,
          effectiveDate: '2020-06-01',
          functions: ['加强党的建设', '统筹社会治理', '组织公共服务', '维护公共安全'],
          departments: (subdistrict ? subdistrictDepartments : subdistrictDepartments.slice(0, 5)).map(office),
          staffing: { administrative: 40 },
          leadershipPosts: subdistrict ? { fu_chu: 4 } : { zheng_ke: 1, fu_ke: 4 },
        });
      }
    }
  }

  if (jurisdictions > 0) {
    await seedQuotas(ledgerDb, registryDb);
    await seedRoll(db);
    await seedWorkforce(db, city.id);
    await seedStandards(db, city.id);
    await seedMonitoring(db, city.id);
    await seedServiceGuides(db, city.id);
  }

  const users: string[] = [];
  if (options.devUsers) {
    const identityDb = db as unknown as Kysely<IdentityDB>;
    await ensureAccount(identityDb, { ...DEV_LOGIN, name: '市编办管理员', role: 'city_admin', jurisdictionId: city.id }, 'seed');
    users.push(DEV_LOGIN.username);
    const districts = await listJurisdictions(registryDb, system, { level: 'district' });
    const haishu = districts.find((d) => d.code === '330203');
    if (haishu) {
      await ensureAccount(identityDb, { username: 'haishu', password: DEV_LOGIN.password, name: '海曙区编办管理员', role: 'district_admin', jurisdictionId: haishu.id }, 'seed');
      users.push('haishu');
    }
    // A bureau's staff: matters are accepted, reviewed and approved by different people (docs/authority.md).
    for (const staff of bureauStaff) {
      const jurisdictionId = staff.district ? haishu?.id : city.id;
      if (!jurisdictionId) continue;
      await ensureAccount(identityDb, { username: staff.username, password: DEV_LOGIN.password, name: staff.name, role: staff.district ? 'district_admin' : 'city_admin', jurisdictionId }, 'seed');
      users.push(staff.username);
    }
  }
  return { created: jurisdictions > 0, jurisdictions, organizations, users };
}

/** The bureaus' staff in the dev seed, besides admin and haishu: enough people for a matter's whole chain at each level. */
export const bureauStaff = [
  { username: 'shouli', name: '市编办受理员 陈静', district: false },
  { username: 'shenhe', name: '市编办审核员 刘洋', district: false },
  { username: 'zhuren', name: '市编办主任 王建国', district: false },
  { username: 'haishu-shouli', name: '海曙区编办受理员 周敏', district: true },
  { username: 'haishu-shenhe', name: '海曙区编办审核员 吴磊', district: true },
] as const;

/**
 * Quota for the demo city, as the authority table has it flow (docs/authority.md): the city's total
 * approved from above into the city's pool, each district's and township's share allocated down from
 * the level above, and each unit's quota from its own jurisdiction's pool; every jurisdiction keeps a
 * tenth more than its units hold unallocated. The seed records quota that exists already (an
 * inventory, like the registry's `inventory` basis): its transfers cite the inventory document.
 */
async function seedQuotas(ledgerDb: Kysely<LedgerDB>, registryDb: Kysely<RegistryDB>): Promise<void> {
  const deps = { db: ledgerDb, scope: fixedScope(), rules: inMemoryRules().port, clock: () => new Date() };
  const system = servicePrincipal('seed');
  const approvalRef = 'inventory:示编〔2024〕1号';
  const vacancies = await ledgerDb.selectFrom('ledger.accounts').select(['id', 'ledger', 'jurisdiction_id', 'holder_id']).where('holder_kind', '=', 'organization').where('kind', '=', 'vacant').execute();
  const jurisdictions = await registryDb.selectFrom('registry.jurisdictions').select(['id', 'parent_id', 'level']).execute();
  const size = (holderId: string, ledger: string) => {
    const n = parseInt(holderId.slice(0, 4), 16);
    return ledger === 'organ_worker' ? 1 + (n % 3) : ledger === 'institution' ? 15 + (n % 90) : 10 + (n % 40);
  };
  const ledgers = [...new Set(vacancies.map((a) => a.ledger))] as QuotaType[];
  // What each jurisdiction keeps for its own units (plus a tenth), and what its whole subtree needs.
  const own = new Map<string, number>();
  for (const a of vacancies) own.set(`${a.jurisdiction_id}|${a.ledger}`, (own.get(`${a.jurisdiction_id}|${a.ledger}`) ?? 0) + size(a.holder_id, a.ledger));
  const ownTotal = (id: string, ledger: string) => Math.ceil((own.get(`${id}|${ledger}`) ?? 0) * 1.1);
  const children = (id: string) => jurisdictions.filter((j) => j.parent_id === id);
  const subtree = (id: string, ledger: string): number => ownTotal(id, ledger) + children(id).reduce((sum, c) => sum + subtree(c.id, ledger), 0);
  const poolsOf = new Map<string, { ledger: string; kind: string; id: string }[]>();
  for (const j of jurisdictions) poolsOf.set(j.id, await openJurisdictionPools(deps, system, { jurisdictionId: j.id, quotaTypes: ledgers }));
  const pool = (id: string, ledger: string, kind: string) => poolsOf.get(id)!.find((p) => p.ledger === ledger && p.kind === kind)!.id;
  const transfers = [];
  const single = (debitAccountId: string, creditAccountId: string, amount: number, code: 'approve_total' | 'allocate', effectiveDate: string) => ({ kind: 'single' as const, id: randomUUID(), debitAccountId, creditAccountId, amount, code, effectiveDate, documentNumber: code === 'approve_total' ? '示编〔2024〕1号' : '示编〔2024〕2号', approvalRef });
  // Top-down, so that each pool holds its share before passing parts of it on.
  const order: string[] = jurisdictions.filter((j) => j.parent_id === null).map((j) => j.id);
  for (let i = 0; i < order.length; i++) order.push(...children(order[i]!).map((c) => c.id));
  for (const ledger of ledgers) {
    for (const id of order) {
      const parent = jurisdictions.find((j) => j.id === id)!.parent_id;
      const amount = subtree(id, ledger);
      if (amount === 0) continue;
      transfers.push(parent ? single(pool(parent, ledger, 'unallocated'), pool(id, ledger, 'unallocated'), amount, 'allocate', '2024-01-02') : single(pool(id, ledger, 'external'), pool(id, ledger, 'unallocated'), amount, 'approve_total', '2024-01-02'));
    }
    for (const a of vacancies.filter((v) => v.ledger === ledger)) transfers.push(single(pool(a.jurisdiction_id, ledger, 'unallocated'), a.id, size(a.holder_id, ledger), 'allocate', '2024-01-15'));
  }
  const results = await createTransfers(deps, system, { transfers, linked: true });
  if (results.some((r) => r.status === 'failed')) throw new Error(`seeding quotas failed: ${results.find((r) => r.error)?.error}`);
}

/**
 * The demo roll: about nine in ten of each unit's places held by generated people, at least two left
 * vacant (`people.ts`, with the unit's own division code, nobody past retirement), loaded through the roll import so
 * that the slots, the inventory transfers and the audit events are the real ones.
 */
async function seedRoll(db: Kysely<unknown>): Promise<void> {
  const registryDb = db as unknown as Kysely<RegistryDB>;
  const ledgerDb = db as unknown as Kysely<LedgerDB>;
  const units = await registryDb
    .selectFrom('registry.organizations as o')
    .innerJoin('registry.jurisdictions as j', 'j.id', 'o.jurisdiction_id')
    .select(['o.id', 'o.name', 'o.credit_code', 'o.jurisdiction_id', 'o.kind', 'o.status', 'o.institution_class', 'j.name as jurisdiction_name', 'j.code'])
    .execute();
  const scope = fixedScope({
    organizations: units.map((u) => ({ id: u.id, name: u.name, creditCode: u.credit_code, jurisdictionId: u.jurisdiction_id, jurisdictionName: u.jurisdiction_name, status: u.status, kind: u.kind, institutionClass: u.institution_class }) as OrganizationRef),
  });
  const vacant = await ledgerDb.selectFrom('ledger.accounts').select(['holder_id', 'ledger', 'credits_posted']).where('holder_kind', '=', 'organization').where('kind', '=', 'vacant').execute();
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const rows: RollRow[] = [];
  const nextPerson = syntheticPeople(new Date());
  for (const account of vacant) {
    const unit = unitOf.get(account.holder_id);
    if (!unit?.credit_code) continue;
    // Every unit keeps at least two vacancies, so that a demo plan for two places can be approved.
    for (let i = 0; i < Math.min(Math.floor(account.credits_posted * 0.9), account.credits_posted - 2); i++) {
      const p = nextPerson(unit.code.slice(0, 6), account.ledger as QuotaType);
      rows.push({ creditCode: unit.credit_code, ledger: account.ledger, name: p.name, idNumber: p.idNumber, education: p.education, postCategory: p.postCategory, entryKind: p.entryKind, enteredOn: p.enteredOn });
    }
  }
  const deps = { db: ledgerDb, scope, rules: inMemoryRules().port, clock: () => new Date() };
  await importRoll(deps, servicePrincipal('seed'), rows, '示编〔2024〕3号');
}
