import type { PolicyRuleDto } from '@bianzhi/contracts/registry';
import { hasPermission, type Principal } from '@bianzhi/domain/access';
import { bilingual, DomainError, type Locale } from '@bianzhi/domain/errors';
import { maySetLimits } from '@bianzhi/domain/organization-limits';
import { checkRuleParams, defaultSetting, effectiveSettings, policyRuleIds, policyRules, type PolicyRuleId, type PolicySettings } from '@bianzhi/domain/policy';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { RegistryDb, RegistryTx } from '../db.js';
import { findJurisdiction } from '../jurisdiction/jurisdiction.repository.js';
import { jurisdictionInScope, scopeOf } from '../scope.js';

/** Open violations recorded by audit and supervision, per organization (rectification linkage). */
export interface ViolationsPort {
  openViolations(organizationId: string): Promise<{ id: string; title: string }[]>;
}

type Db = RegistryDb | RegistryTx;

function ancestorIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

async function storedSettings(db: Db, path: string) {
  const ids = ancestorIds(path);
  const rows = await db
    .selectFrom('registry.policy_settings as s')
    .innerJoin('registry.jurisdictions as j', 'j.id', 's.jurisdiction_id')
    .select(['s.rule_id', 's.enabled', 's.params', 's.jurisdiction_id', 'j.name'])
    .where('s.jurisdiction_id', 'in', ids)
    .execute();
  // City first, the jurisdiction itself last, so that the nearest setting wins.
  return rows.sort((a, b) => ids.indexOf(a.jurisdiction_id) - ids.indexOf(b.jurisdiction_id));
}

/** The rule settings in force in a jurisdiction (its own, else the nearest above, else the defaults). */
export async function settingsFor(db: Db, jurisdictionId: string): Promise<PolicySettings> {
  const jurisdiction = await findJurisdiction(db, jurisdictionId);
  if (!jurisdiction) throw new DomainError('NOT_FOUND', `jurisdiction ${jurisdictionId} not found`);
  const rows = await storedSettings(db, jurisdiction.path);
  return effectiveSettings(rows.map((r) => ({ ruleId: r.rule_id, enabled: r.enabled, params: r.params as Record<string, number> })));
}

async function jurisdictionForPolicy(db: Db, principal: Principal, jurisdictionId: string) {
  const jurisdiction = await findJurisdiction(db, jurisdictionId);
  if (!jurisdiction) throw new DomainError('NOT_FOUND', `jurisdiction ${jurisdictionId} not found`);
  if (!jurisdictionInScope(await scopeOf(db, principal), jurisdiction.path)) throw new DomainError('OUT_OF_SCOPE');
  return jurisdiction;
}

/**
 * Every rule binds the jurisdiction it is set for (its own units, its own approvals), so each is set
 * for it by the level above, as its organization limits are (docs/authority.md): a bureau reads the
 * rules that bind it and never disables or loosens them for itself — it sets its townships'. The
 * city (no level above on the platform) records its own, as the province decided them.
 */
const setByLevelAbove: ReadonlySet<PolicyRuleId> = new Set<PolicyRuleId>(policyRuleIds);

/** Whether the caller may change this rule for this jurisdiction (its scope checked apart). */
export function maySetRule(principal: Principal, ruleId: PolicyRuleId, target: { id: string; parentId: string | null }): boolean {
  return !setByLevelAbove.has(ruleId) || maySetLimits(principal, target);
}

function assertMaySetRule(principal: Principal, ruleId: PolicyRuleId, target: { id: string; parentId: string | null; name: string }): void {
  if (maySetRule(principal, ruleId, target)) return;
  const rule = policyRules[ruleId].name;
  throw new DomainError(
    'POLICY_NOT_YOURS',
    `rule ${ruleId} of ${target.id} is set by the level above`,
    { ruleId },
    bilingual(`${target.name}的“${rule['zh-CN']}”（${ruleId}）由上级机构编制部门设定，本级只能查看`, `${rule.en} (${ruleId}) for ${target.name} is set by the level above; it can only read it`),
  );
}

export async function listPolicy(db: RegistryDb, principal: Principal, jurisdictionId: string, locale: Locale): Promise<PolicyRuleDto[]> {
  const jurisdiction = await jurisdictionForPolicy(db, principal, jurisdictionId);
  const rows = await storedSettings(db, jurisdiction.path);
  const manages = hasPermission(principal, 'registry.policy.manage');
  return policyRuleIds.map((id) => {
    const definition = policyRules[id];
    const stored = rows.filter((r) => r.rule_id === id).at(-1);
    const setting = stored ? { enabled: stored.enabled, params: { ...defaultSetting(id).params, ...(stored.params as Record<string, number>) } } : defaultSetting(id);
    return {
      id,
      name: definition.name[locale],
      description: definition.description[locale],
      sources: definition.sources,
      enabled: setting.enabled,
      params: setting.params,
      parameters: definition.parameters.map((p) => ({ key: p.key, label: p.label[locale], min: p.min, max: p.max, default: p.default })),
      setIn: stored ? { jurisdictionId: stored.jurisdiction_id, name: stored.name } : null,
      editable: manages && maySetRule(principal, id, jurisdiction),
    };
  });
}

/** Sets a rule for a jurisdiction and everything below it that has no setting of its own. */
export async function updatePolicy(
  db: RegistryDb,
  principal: Principal,
  input: { jurisdictionId: string; ruleId: PolicyRuleId; enabled: boolean; params: Record<string, number> },
  requestId?: string,
): Promise<void> {
  checkRuleParams(input.ruleId, input.params);
  await db.transaction().execute(async (trx) => {
    const jurisdiction = await jurisdictionForPolicy(trx, principal, input.jurisdictionId);
    assertMaySetRule(principal, input.ruleId, jurisdiction);
    const before = await trx
      .selectFrom('registry.policy_settings')
      .select(['enabled', 'params'])
      .where('jurisdiction_id', '=', input.jurisdictionId)
      .where('rule_id', '=', input.ruleId)
      .forUpdate()
      .executeTakeFirst();
    const actor = auditActorOf(principal);
    await trx
      .insertInto('registry.policy_settings')
      .values({ jurisdiction_id: input.jurisdictionId, rule_id: input.ruleId, enabled: input.enabled, params: JSON.stringify(input.params), updated_by: JSON.stringify(actor) })
      .onConflict((oc) =>
        oc.columns(['jurisdiction_id', 'rule_id']).doUpdateSet({ enabled: input.enabled, params: JSON.stringify(input.params), updated_by: JSON.stringify(actor), updated_at: new Date() }),
      )
      .execute();
    await appendOutboxEvent(trx, 'registry', {
      type: 'registry.policy.updated',
      aggregateType: 'policy_rule',
      aggregateId: input.ruleId,
      jurisdictionId: input.jurisdictionId,
      actor,
      payload: { before: before ?? null, after: { enabled: input.enabled, params: input.params } },
      requestId,
    });
  });
}
