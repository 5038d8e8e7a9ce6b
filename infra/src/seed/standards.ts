import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import type { OrganizationRef } from '@bianzhi/contracts/registry';
import type { StandardDefinition } from '@bianzhi/contracts/standards';
import type { Principal } from '@bianzhi/domain/access';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { openJurisdictionPools, openOrganizationAccounts } from '@bianzhi/quota-ledger/account/account.service';
import { createTransfers } from '@bianzhi/quota-ledger/transfer/transfer.service';
import { assignStandard, saveStandard, setIndicators } from '@bianzhi/quota-ledger/standards/standards.service';
import { unitFigures } from '@bianzhi/quota-ledger/stats/figures.repository';

/**
 * The demo city's staffing standards (DOMAIN.md): the school standard in its two versions (the 2001
 * urban/county/rural ratios, then the unified urban ones), the city's hospital standard by grade
 * with ratios growing with beds, the hospitals and schools measured by them with their beds and
 * students (some below, some above their standard), and the first hospital as a filing-system unit
 * whose filed headcount its new beds no longer match — so the proposal shows on its page.
 */
const perStudents = (primary: number, junior: number, senior: number, variant: string) => [
  { indicator: 'students_primary' as const, variant, mode: 'step' as const, bands: [{ upTo: null, staff: 1, per: primary }] },
  { indicator: 'students_junior' as const, variant, mode: 'step' as const, bands: [{ upTo: null, staff: 1, per: junior }] },
  { indicator: 'students_senior' as const, variant, mode: 'step' as const, bands: [{ upTo: null, staff: 1, per: senior }] },
];
const schoolVariants = [
  { key: 'urban', label: '城市' },
  { key: 'county', label: '县镇' },
  { key: 'rural', label: '农村' },
];
const schools2002: StandardDefinition = {
  name: '中小学教职工编制标准',
  sector: 'education',
  institutionClass: 'welfare_1',
  variants: schoolVariants,
  ratios: [...perStudents(19, 13.5, 12.5, 'urban'), ...perStudents(21, 16, 13, 'county'), ...perStudents(23, 18, 13.5, 'rural')],
  minimum: null,
  maximum: null,
};
// 2014: county and rural schools staffed at the urban ratios (统一城乡中小学教职工编制标准).
export const schools2015: StandardDefinition = { ...schools2002, ratios: schoolVariants.flatMap((v) => perStudents(19, 13.5, 12.5, v.key)) };
export const hospitals: StandardDefinition = {
  name: '市属公立医院人员编制标准',
  sector: 'health',
  institutionClass: 'welfare_2',
  variants: [
    { key: 'grade_3', label: '三级医院' },
    { key: 'grade_2', label: '二级医院' },
  ],
  ratios: [
    { indicator: 'beds', variant: 'grade_3', mode: 'step', bands: [{ upTo: 299, staff: 1.4, per: 1 }, { upTo: 499, staff: 1.5, per: 1 }, { upTo: null, staff: 1.7, per: 1 }] },
    { indicator: 'beds', variant: 'grade_2', mode: 'step', bands: [{ upTo: 299, staff: 1.3, per: 1 }, { upTo: 499, staff: 1.4, per: 1 }, { upTo: null, staff: 1.5, per: 1 }] },
  ],
  minimum: 20,
  maximum: null,
};

/** Units measured, their variant, and how their indicators compare with the quota they hold (1 = at the standard). */
const measured: { name: string; standard: 'HOSP' | 'SCHOOL'; variant: string; share: number }[] = [
  { name: '市第一医院', standard: 'HOSP', variant: 'grade_3', share: 1.25 },
  { name: '市第二医院', standard: 'HOSP', variant: 'grade_3', share: 1.1 },
  { name: '市中医院', standard: 'HOSP', variant: 'grade_2', share: 0.9 },
  { name: '市妇女儿童医院', standard: 'HOSP', variant: 'grade_2', share: 1 },
  { name: '市第一中学', standard: 'SCHOOL', variant: 'urban', share: 1.15 },
  { name: '市第二中学', standard: 'SCHOOL', variant: 'urban', share: 0.85 },
];

export async function seedStandards(db: Kysely<unknown>, cityId: string): Promise<void> {
  const registryDb = db as unknown as Kysely<RegistryDB>;
  const ledgerDb = db as unknown as Kysely<LedgerDB>;
  const jurisdictions = await registryDb.selectFrom('registry.jurisdictions').select(['id', 'parent_id', 'name', 'level']).execute();
  const units = await registryDb
    .selectFrom('registry.organizations as o')
    .innerJoin('registry.jurisdictions as j', 'j.id', 'o.jurisdiction_id')
    .select(['o.id', 'o.name', 'o.credit_code', 'o.jurisdiction_id', 'o.kind', 'o.status', 'o.institution_class', 'j.name as jurisdiction_name'])
    .where((eb) => eb.or([eb('o.name', 'in', measured.map((m) => m.name)), eb('o.name', 'like', '%区人民医院')]))
    .execute();
  const scope = fixedScope({
    jurisdictions: jurisdictions.map((j) => ({ id: j.id, parentId: j.parent_id, name: j.name, level: j.level })),
    organizations: units.map((u) => ({ id: u.id, name: u.name, creditCode: u.credit_code, jurisdictionId: u.jurisdiction_id, jurisdictionName: u.jurisdiction_name, status: u.status, kind: u.kind, institutionClass: u.institution_class }) as OrganizationRef),
  });
  const deps = { db: ledgerDb, scope, rules: inMemoryRules().port, clock: () => new Date() };
  // The city bureau issues the standards; the seed acts for it through the same commands.
  const bureau: Principal = { ...servicePrincipal('seed'), jurisdictionId: cityId };
  const school = await saveStandard(deps, bureau, { code: 'SCHOOL', definition: schools2002, documentNumber: '示编〔2002〕12号', effectiveFrom: '2002-01-01' });
  await saveStandard(deps, bureau, { id: school.id, expectedVersion: 1, code: 'SCHOOL', definition: schools2015, documentNumber: '示编〔2015〕3号', effectiveFrom: '2015-01-01' });
  const hospital = await saveStandard(deps, bureau, { code: 'HOSP', definition: hospitals, documentNumber: '示编〔2019〕5号', effectiveFrom: '2019-07-01' });
  const standardIds = { SCHOOL: school.id, HOSP: hospital.id };

  const quotaOf = new Map((await unitFigures(ledgerDb, { jurisdictionIds: null, ledger: 'institution' })).map((f) => [f.organizationId, f.quota]));
  const districtHospitals = units.filter((u) => u.name.endsWith('区人民医院')).map((u, i) => ({ name: u.name, standard: 'HOSP' as const, variant: 'grade_2', share: [0.8, 1, 1.2][i % 3]! }));
  for (const m of [...measured, ...districtHospitals]) {
    const unit = units.find((u) => u.name === m.name);
    if (!unit) continue;
    await assignStandard(deps, bureau, { organizationId: unit.id, standardId: standardIds[m.standard], variant: m.variant });
    // Indicators that put the unit at `share` of the quota it holds (hospitals near 1.4 staff a bed; schools ~ 1 per 13 students).
    const quota = quotaOf.get(unit.id) ?? 40;
    const values =
      m.standard === 'HOSP'
        ? [{ indicator: 'beds' as const, value: Math.round((quota * m.share) / 1.4) }]
        : [
            { indicator: 'students_junior' as const, value: Math.round(quota * m.share * 0.5 * 13.5) },
            { indicator: 'students_senior' as const, value: Math.round(quota * m.share * 0.5 * 12.5) },
          ];
    // Last year's figures, then this autumn's: the history tab shows both.
    await setIndicators(deps, bureau, { organizationId: unit.id, values: values.map((v) => ({ ...v, value: Math.round(v.value * 0.9) })), effectiveDate: '2025-09-01', documentNumber: '示卫〔2025〕21号' });
    await setIndicators(deps, bureau, { organizationId: unit.id, values, effectiveDate: '2026-09-01', documentNumber: '示卫〔2026〕17号' });
  }

  // 市第一医院 is a filing-system unit (备案制): filed headcount set when it was converted, before its new beds.
  const first = units.find((u) => u.name === '市第一医院');
  if (!first) return;
  const system = servicePrincipal('seed');
  const [pools, accounts] = await Promise.all([
    openJurisdictionPools(deps, system, { jurisdictionId: first.jurisdiction_id, quotaTypes: ['filed_headcount'] }),
    openOrganizationAccounts(ledgerDb, system, { organizationId: first.id, jurisdictionId: first.jurisdiction_id, quotaTypes: ['filed_headcount'] }),
  ]);
  const pool = (kind: string) => pools.find((p) => p.ledger === 'filed_headcount' && p.kind === kind)!.id;
  const filed = Math.max(1, Math.round((quotaOf.get(first.id) ?? 40) * 0.1));
  await createTransfers(deps, system, {
    linked: true,
    transfers: [
      { kind: 'single', id: randomUUID(), debitAccountId: pool('external'), creditAccountId: pool('unallocated'), amount: filed + 200, code: 'approve_total', documentNumber: '示编〔2024〕9号', approvalRef: 'inventory:示编〔2024〕9号' },
      { kind: 'single', id: randomUUID(), debitAccountId: pool('unallocated'), creditAccountId: accounts.find((a) => a.ledger === 'filed_headcount' && a.kind === 'vacant')!.id, amount: filed, code: 'allocate', documentNumber: '示编〔2024〕9号', approvalRef: 'inventory:示编〔2024〕9号' },
    ],
  });
}
