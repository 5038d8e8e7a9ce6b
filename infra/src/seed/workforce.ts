import type { Kysely } from 'kysely';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { updatePolicy } from '@bianzhi/registry/policy/policy.service';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { importAuxiliary } from '@bianzhi/quota-ledger/workforce/auxiliary-import';
import { addPurchase } from '@bianzhi/quota-ledger/workforce/purchase.service';
import { syntheticPeople } from './people.js';

/**
 * The demo city's publicly funded workforce beyond the roll: the AUX-RATIO setting for the city (a
 * fifth of quota, as the registry's policy page shows it), three staff outside quota in each of a few
 * units (through the ledger's own import check and write), and two purchase contracts.
 */
const unitsWithStaff = ['市政务服务中心', '市第一医院', '市图书馆', '海曙区人民医院'];
const kinds = ['合同制人员', '辅助人员', '临时人员'];
const posts = ['窗口服务', '导诊服务', '资料整理'];
const fundings = ['财政全额', '财政差额', '自筹'];
const contracts = [
  { unit: '市政务服务中心', function: 'cleaning' as const, provider: '示范市恒洁物业服务有限公司', contractNumber: 'ZWFW-2026-BJ-01', headcount: 6, amount: 420000 },
  { unit: '市第一医院', function: 'security' as const, provider: '示范市安泰保安服务有限公司', contractNumber: 'DYYY-2026-AB-03', headcount: 12.5, amount: 1150000 },
];

export async function seedWorkforce(db: Kysely<unknown>, cityId: string): Promise<void> {
  const registryDb = db as unknown as Kysely<RegistryDB>;
  const ledgerDb = db as unknown as Kysely<LedgerDB>;
  const seed = servicePrincipal('seed');
  await updatePolicy(registryDb, seed, { jurisdictionId: cityId, ruleId: 'AUX-RATIO', enabled: true, params: { numerator: 1, denominator: 5 } });
  const rules = inMemoryRules();
  rules.set(cityId, 'AUX-RATIO', true, { numerator: 1, denominator: 5 });
  const deps = { db: ledgerDb, scope: fixedScope(), rules: rules.port, clock: () => new Date() };
  const units = await registryDb.selectFrom('registry.organizations').select(['id', 'name']).where('name', 'in', [...new Set([...unitsWithStaff, ...contracts.map((c) => c.unit)])]).execute();
  const idOf = (name: string) => units.find((u) => u.name === name)?.id;
  // A division code none of the demo city's people carry, so nobody here is also on the roll.
  const nextPerson = syntheticPeople(new Date());
  const year = new Date().getUTCFullYear();
  for (const name of unitsWithStaff) {
    const organizationId = idOf(name);
    if (!organizationId) continue;
    const rows = kinds.map((kind, i) => {
      const p = nextPerson('330281', 'institution');
      return { kind, name: p.name, idNumber: p.idNumber, post: posts[i]!, funding: fundings[i]!, startedOn: `${year - 1}-0${3 + i}-01`, endsOn: i === 0 ? `${year + 2}-12-31` : '' };
    });
    await importAuxiliary(deps, seed, organizationId, rows);
  }
  for (const c of contracts) {
    const organizationId = idOf(c.unit);
    if (!organizationId) continue;
    const { unit: _unit, ...contract } = c;
    await addPurchase(deps, seed, { id: crypto.randomUUID(), organizationId, ...contract, startsOn: `${year}-01-01`, endsOn: `${year + 1}-12-31` });
  }
}
