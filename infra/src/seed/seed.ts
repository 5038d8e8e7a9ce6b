import type { Kysely } from 'kysely';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createJurisdiction, listJurisdictions } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createOrganization, type RegistryDeps } from '@bianzhi/registry/organization/organization.service';
import { databaseViolations } from './violations.js';
import { openOrganizationAccounts } from '@bianzhi/quota-ledger/account/account.service';
import { ensureAccount } from '@bianzhi/gateway/identity/identity.service';
import type { DB as IdentityDB } from '@bianzhi/db/generated/identity';
import type { QuotaType } from '@bianzhi/contracts/ledger';
import { cityInstitutions, cityOrgans, demoCity, demoDistricts, districtInstitutions, districtOrgans } from './demo-city.js';

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
    const establish = async (jurisdictionId: string, name: string, kind: 'organ' | 'institution') => {
      const organization = await createOrganization(deps, system, { jurisdictionId, name, kind, basis: 'inventory', idempotencyKey: `seed/${jurisdictionId}/${name}` });
      const quotaTypes: QuotaType[] = kind === 'organ' ? ['administrative', 'organ_worker'] : ['institution'];
      await openOrganizationAccounts(ledgerDb, system, { organizationId: organization.id, jurisdictionId, quotaTypes });
      organizations += 1;
    };
    for (const name of cityOrgans) await establish(city.id, name, 'organ');
    for (const name of cityInstitutions) await establish(city.id, name, 'institution');
    for (const district of demoDistricts) {
      const created = await createJurisdiction(registryDb, system, { parentId: city.id, level: 'district', code: district.code, name: district.name });
      jurisdictions += 1;
      for (const [index, township] of district.townships.entries()) {
        await createJurisdiction(registryDb, system, { parentId: created.id, level: 'township', code: `${district.code}${String(index + 1).padStart(3, '0')}`, name: township });
        jurisdictions += 1;
      }
      // 区教育局 → 海曙区教育局: district units carry their district's name.
      const local = (name: string) => `${district.name}${name.slice(1)}`;
      for (const name of districtOrgans) await establish(created.id, local(name), 'organ');
      for (const name of districtInstitutions) await establish(created.id, local(name), 'institution');
    }
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
  }
  return { created: jurisdictions > 0, jurisdictions, organizations, users };
}
