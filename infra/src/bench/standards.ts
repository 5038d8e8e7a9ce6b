// `npm run bench -- standards`: standard totals (核编标准测算) for every unit of the Wuhan-scale city
// (5,464 units), the way `analysis.standards.gap` computes them — three reads (assignments and
// standard versions, indicators as of the day, quota per unit) and the domain rule in TypeScript,
// exact fractions — against the same computation done by PostgreSQL in one SQL query, measured in
// the same run on the same database. Both must give every unit the same total.
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { servicePrincipal, signInternalToken } from '@bianzhi/trpc/internal-token';
import type { OrganizationRef } from '@bianzhi/contracts/registry';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { saveStandard } from '@bianzhi/quota-ledger/standards/standards.service';
import { standardGapReport } from '@bianzhi/quota-ledger/standards/standard-gap';
import { say } from '../lib/log.js';
import { loadScale } from '../seed/scale.js';
import { hospitals, schools2015 } from '../seed/standards.js';
import { BENCH_INTERNAL_SECRET, benchEnvironment, measure } from './common.js';
import { monthEndsWritten } from './analysis.js';

const AS_OF = '2026-12-01';

export async function benchStandards(): Promise<void> {
  const env = await benchEnvironment();
  try {
    const wuhan = await loadScale(env.databaseUrl, 'wuhan');
    const db = env.db as unknown as Kysely<LedgerDB>;
    const jurisdictions = (await sql<{ id: string; parent_id: string | null; name: string; level: string }>`select id, parent_id, name, level from registry.jurisdictions`.execute(env.db)).rows;
    const city = jurisdictions.find((j) => j.level === 'city')!;
    // In process, the registry's answers come from memory (a map by id), so that the measure is the ledger's own work.
    const organizations = new Map(
      (await sql<OrganizationRef>`select o.id, o.name, o.credit_code as "creditCode", o.jurisdiction_id as "jurisdictionId", j.name as "jurisdictionName", o.status, o.kind, o.institution_class as "institutionClass"
        from registry.organizations o join registry.jurisdictions j on j.id = o.jurisdiction_id`.execute(env.db)).rows.map((o) => [o.id, o]),
    );
    const scope = {
      ...fixedScope({ jurisdictions: jurisdictions.map((j) => ({ id: j.id, parentId: j.parent_id, name: j.name, level: j.level })) }),
      lookupOrganizations: async (_: Principal, input: { ids?: string[] }) => (input.ids ?? []).flatMap((id) => organizations.get(id) ?? []),
    };
    const deps = { db, scope, rules: inMemoryRules().port, clock: () => new Date(`${AS_OF}T04:00:00Z`) };
    const bureau: Principal = { ...servicePrincipal('bench'), jurisdictionId: city.id };
    const hosp = await saveStandard(deps, bureau, { code: 'HOSP', definition: hospitals, documentNumber: '压测〔2026〕1号', effectiveFrom: '2019-01-01' });
    const school = await saveStandard(deps, bureau, { code: 'SCHOOL', definition: schools2015, documentNumber: '压测〔2026〕2号', effectiveFrom: '2015-01-01' });
    // Every unit measured: one in three a hospital (grade by its number), the rest schools; each
    // indicator with a value last year and another this year, so the as-of read has history to skip.
    await sql`
      insert into ledger.unit_standards (organization_id, jurisdiction_id, standard_id, variant, assigned_by)
      select o.id, o.jurisdiction_id,
        case when o.n % 3 = 0 then ${hosp.id}::uuid else ${school.id}::uuid end,
        case when o.n % 3 = 0 then (case when o.n % 2 = 0 then 'grade_3' else 'grade_2' end) else (array['urban', 'county', 'rural'])[1 + o.n % 3] end,
        '{"id":"bench"}'
      from (select id, jurisdiction_id, row_number() over (order by id) as n from registry.organizations) o`.execute(db);
    await sql`
      insert into ledger.indicator_values (organization_id, jurisdiction_id, indicator, value, effective_date, recorded_by)
      select u.organization_id, u.jurisdiction_id, i.indicator, (abs(hashtext(u.organization_id::text || i.indicator || d.day)) % i.top)::bigint, d.day::date, '{"id":"bench"}'
      from ledger.unit_standards u
      cross join lateral (values ('beds', 1500), ('students_primary', 2400), ('students_junior', 1800), ('students_senior', 1500)) as i(indicator, top)
      cross join (values ('2025-09-01'), ('2026-09-01')) as d(day)
      where (i.indicator = 'beds') = (u.standard_id = ${hosp.id}::uuid)`.execute(db);
    await sql`analyze ledger.unit_standards, ledger.indicator_values, ledger.staffing_standard_versions`.execute(db);
    const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
    const units = await count('ledger.unit_standards');
    say(`loaded ${wuhan.organizations.toLocaleString('en-US')} organizations; ${units.toLocaleString('en-US')} measured, ${(await count('ledger.indicator_values')).toLocaleString('en-US')} indicator values`);

    const input = { asOf: AS_OF, differencesOnly: false, limit: 10_000 };
    const service = await standardGapReport(deps, bureau, input);
    const inSql = await totalsInOneQuery(db);
    const mismatches = service.units.filter((u) => inSql.get(u.organizationId) !== u.computation!.total);
    if (service.units.length !== units || inSql.size !== units || mismatches.length) {
      throw new Error(`the two computations differ: service ${service.units.length}, SQL ${inSql.size}, ${mismatches.length} totals differ (first ${mismatches[0]?.organizationId})`);
    }
    say(`both give the same standard total for all ${units.toLocaleString('en-US')} units (sum ${service.summary.standard.toLocaleString('en-US')})`);
    const ts = await measure('service (three reads + TypeScript)', 20, 3, () => standardGapReport(deps, bureau, input));
    const one = await measure('one SQL query', 20, 3, () => totalsInOneQuery(db));
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await standardGapReport(deps, bureau, input);
    const perUnitUs = ((performance.now() - t0) / 20 / units) * 1000;
    for (const m of [ts, one]) say(`${m.name}: p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms`);
    say(`ratio in-process ÷ SQL (p50): ${(ts.p50 / one.p50).toFixed(2)}; ${perUnitUs.toFixed(1)} µs per unit`);

    // The whole path as the 编制标准 page calls it (every unit computed, the 500 widest gaps sent): through the ledger
    // service, which asks the registry for the caller's scope and the units' status.
    await env.startStack();
    await monthEndsWritten(env.db, 'Wuhan-scale city');
    const admin: Principal = { kind: 'user', id: 'bench-admin', name: '压测管理员', roles: ['city_admin'], jurisdictionId: city.id, organizationId: null };
    const token = await signInternalToken(BENCH_INTERNAL_SECRET, admin, 'quota-ledger');
    const url = `http://127.0.0.1:${env.ports.ledger}/trpc/analysis.standards.gap?input=${encodeURIComponent(JSON.stringify({ json: { ...input, limit: 500 } }))}`;
    const http = await measure('through the ledger service (HTTP, registry asked)', 20, 3, async () => {
      const body = (await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json()) as { result?: { data: { json: { summary: { measured: number } } } } };
      if (body.result?.data.json.summary.measured !== units) throw new Error(`gap through the service failed: ${JSON.stringify(body).slice(0, 300)}`);
    });
    say(`${http.name}: p50 ${http.p50.toFixed(1)} ms, p95 ${http.p95.toFixed(1)} ms; ratio ÷ one SQL query (p50): ${(http.p50 / one.p50).toFixed(2)}`);
  } finally {
    await env.close();
  }
}

/**
 * The baseline: the same totals computed by PostgreSQL alone — the version in force and each
 * indicator as of the day, every band in numeric, step or marginal, summed per unit, rounded half
 * up once and clamped to the minimum and maximum.
 */
async function totalsInOneQuery(db: Kysely<LedgerDB>): Promise<Map<string, number>> {
  const { rows } = await sql<{ organization_id: string; total: number }>`
    with v as (
      select distinct on (standard_id) standard_id, definition from ledger.staffing_standard_versions
      where effective_from <= ${AS_OF} order by standard_id, version desc),
    ind as (
      select distinct on (organization_id, indicator) organization_id, indicator, value from ledger.indicator_values
      where effective_date <= ${AS_OF} order by organization_id, indicator, effective_date desc, seq desc),
    r as (
      select u.organization_id, v.definition, ratio, coalesce(i.value, 0)::numeric as value
      from ledger.unit_standards u
      join v using (standard_id)
      cross join lateral jsonb_array_elements(v.definition -> 'ratios') as ratio
      left join ind i on i.organization_id = u.organization_id and i.indicator = ratio ->> 'indicator'
      where ratio ->> 'variant' = u.variant),
    terms as (
      select r.organization_id, r.definition,
        case when r.ratio ->> 'mode' = 'step' then
          (select r.value * (b ->> 'staff')::numeric / (b ->> 'per')::numeric from jsonb_array_elements(r.ratio -> 'bands') with ordinality as t(b, n)
           where b ->> 'upTo' is null or r.value <= (b ->> 'upTo')::numeric order by n limit 1)
        else
          (select sum(greatest(0, least(r.value, coalesce(up, r.value)) - lo) * staff / per)
           from (select (b ->> 'upTo')::numeric as up, coalesce(lag((b ->> 'upTo')::numeric) over (order by n), 0) as lo, (b ->> 'staff')::numeric as staff, (b ->> 'per')::numeric as per
                 from jsonb_array_elements(r.ratio -> 'bands') with ordinality as t(b, n)) as bands)
        end as staff
      from r)
    select organization_id,
      least(coalesce((definition ->> 'maximum')::numeric, 'infinity'), greatest(coalesce((definition ->> 'minimum')::numeric, 0), floor(sum(staff) + 0.5)))::int as total
    from terms group by organization_id, definition`.execute(db);
  return new Map(rows.map((r) => [r.organization_id, r.total]));
}
