import { performance } from 'node:perf_hooks';
import { inTransaction } from './copy.js';
import { copyCityPlans, planLargeCity, type CityPlan } from './large-city.js';
import { copyPopulation } from './population.js';

/**
 * The two benchmark data sets of the quota ledger issue: a Wuhan-scale city and a province of
 * nine such cities (prefecture codes of Hubei), each with people on the roll.
 */
export const scales = {
  wuhan: { cities: [{ code: '420100', name: '武汉规模市' }], people: 170_000 },
  province: {
    cities: ['420100', '420200', '420300', '420500', '420600', '420700', '420800', '420900', '421000'].map((code, i) => ({ code, name: `省域基准第${i + 1}市` })),
    people: 1_500_000,
  },
} as const;

export interface ScaleReport {
  organizations: number;
  jurisdictions: number;
  people: number;
  accounts: number;
  transfers: number;
  registrySeconds: number;
  ledgerSeconds: number;
  analyzeSeconds: number;
}

/** Loads one data set into an empty, migrated database in one transaction, then analyzes it. */
export async function loadScale(databaseUrl: string, scale: keyof typeof scales): Promise<ScaleReport> {
  const { cities, people } = scales[scale];
  const plans: CityPlan[] = cities.map((c) => planLargeCity(c));
  const organizations = plans.flatMap((p) => p.organizations);
  const divisionOf = new Map(plans.flatMap((p) => p.jurisdictions.map((j) => [j.id, j.code.slice(0, 6)])));
  const units = organizations.map((o) => ({ id: o.id, jurisdictionId: o.jurisdiction_id, divisionCode: divisionOf.get(o.jurisdiction_id)!, kind: o.kind }));
  const t0 = performance.now();
  let t1 = t0;
  const report = await inTransaction(databaseUrl, async (client) => {
    await copyCityPlans(client, plans);
    t1 = performance.now();
    return copyPopulation(client, units, { peoplePerUnit: people / organizations.length / 1.01 });
  });
  const t2 = performance.now();
  await inTransaction(databaseUrl, async (client) => void (await client.query('analyze')));
  return {
    organizations: organizations.length,
    jurisdictions: plans.reduce((n, p) => n + p.jurisdictions.length, 0),
    ...report,
    registrySeconds: (t1 - t0) / 1000,
    ledgerSeconds: (t2 - t1) / 1000,
    analyzeSeconds: (performance.now() - t2) / 1000,
  };
}
