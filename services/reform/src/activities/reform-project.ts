import type { ReformSnapshot } from '@bianzhi/contracts/ledger';
import { checkRectification, type PolicySettings } from '@bianzhi/domain/policy';
import type { ReformPlan, reformDocumentKinds } from '@bianzhi/contracts/reform';
import { derivedUuid } from '@bianzhi/domain/derived-id';
import { remoteDomainCode } from '@bianzhi/trpc/service-client';
import { compilePlan, placementStep, type CompiledPlan, type JurisdictionLimits, type LedgerStep, type RegistryCommand, type UnitFacts, NEW_UNIT } from '../plan/compile.js';
import type { AuditClient, LedgerClient, RegistryClient } from '../service-clients.js';
import { Context } from '@temporalio/activity';
import { callService } from './call-service.js';

/**
 * Heartbeats while a ledger step is in flight: a worker that dies mid-step is noticed within the
 * heartbeat timeout (seconds) and the step retried elsewhere, instead of after its whole timeout.
 */
async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  let context: Context | null = null;
  try {
    context = Context.current();
  } catch {
    return work();
  }
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), 1_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Units and jurisdictions a plan names, so that one lookup of each serves the compiler. */
export function planReferences(plan: ReformPlan): { organizationIds: string[]; jurisdictionIds: string[] } {
  switch (plan.kind) {
    case 'merger':
      return { organizationIds: [...plan.sourceIds, ...('existingId' in plan.target ? [plan.target.existingId] : [])], jurisdictionIds: [] };
    case 'abolition':
      return { organizationIds: plan.organizationIds, jurisdictionIds: [] };
    case 'delegation':
      return { organizationIds: [plan.organizationId], jurisdictionIds: [plan.targetJurisdictionId] };
    case 'sinking':
      return { organizationIds: plan.from.map((f) => f.organizationId), jurisdictionIds: plan.to.map((t) => t.jurisdictionId) };
    case 'uniform_cut':
      return { organizationIds: [], jurisdictionIds: [plan.jurisdictionId] };
    case 'zero_base':
      return { organizationIds: [], jurisdictionIds: [plan.jurisdictionId, ...plan.rows.map((r) => r.jurisdictionId)] };
    case 'filing_conversion':
    case 'enterprise_conversion':
      return { organizationIds: [plan.organizationId], jurisdictionIds: [] };
  }
}

/**
 * The organization limits of the jurisdictions where a plan adds a unit: a merger's new unit (where
 * its first source lies) and a delegation's target. A jurisdiction out of the caller's reach is
 * left out here; the plan's scope check refuses it.
 */
async function limitsWhereAdded(deps: ReformDeps, plan: ReformPlan, units: UnitFacts[]): Promise<Record<string, JurisdictionLimits>> {
  const where =
    plan.kind === 'delegation' ? plan.targetJurisdictionId : plan.kind === 'merger' && 'newName' in plan.target ? units.find((u) => u.id === plan.sourceIds[0])?.jurisdictionId : undefined;
  if (!where) return {};
  const listed = await callService(() =>
    deps.registry.registry.limit.list.query({ jurisdictionId: where }).catch((error: unknown) => {
      if (['OUT_OF_SCOPE', 'NOT_FOUND'].includes(remoteDomainCode(error) ?? '')) return null;
      throw error;
    }),
  );
  if (!listed) return {};
  const limits = listed.categories.flatMap((c) => (c.maximum === null ? [] : [{ category: c.category, maximum: c.maximum, documentNumber: c.documentNumber ?? '' }]));
  return { [where]: { name: listed.jurisdictionName, limits, used: Object.fromEntries(listed.categories.map((c) => [c.category, c.used])) as JurisdictionLimits['used'] } };
}

export interface ReformDeps {
  registry: RegistryClient;
  ledger: LedgerClient;
  audit: AuditClient;
  /** The registry as the platform, for the rule settings in force (the API compiles with the caller's registry); `registry` when absent. */
  policy?: RegistryClient;
}

/** Every active unit of one jurisdiction (a uniform cut's scope), page by page. */
async function unitsOfJurisdiction(registry: RegistryClient, jurisdictionId: string): Promise<UnitFacts[]> {
  const units: UnitFacts[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await registry.registry.organization.list.query({ jurisdictionId, status: 'active', includeSubJurisdictions: false, limit: 500, offset });
    units.push(...page.items.map((u) => ({ id: u.id, name: u.name, jurisdictionId: u.jurisdictionId, status: u.status, kind: u.kind, institutionClass: u.institutionClass })));
    if (page.items.length < 500) return units;
  }
}

/**
 * Reads the world a plan is compiled against: the registry's facts of the units (as the given
 * registry client sees them: a user's scope in the API, everything in the worker), the ledger's
 * snapshot, and open violations that block approval (DOMAIN.md rectification linkage).
 */
export async function compileAgainstLive(deps: ReformDeps, input: { plan: ReformPlan; jurisdictionId: string; newTargetId?: string | undefined; delegatedId?: string | undefined }): Promise<CompiledPlan> {
  const refs = planReferences(input.plan);
  const named = refs.organizationIds.length ? await callService(() => deps.registry.registry.organization.lookup.query({ ids: refs.organizationIds })) : [];
  const units: UnitFacts[] = named.map((u) => ({ id: u.id, name: u.name, jurisdictionId: u.jurisdictionId, status: u.status, kind: u.kind, institutionClass: u.institutionClass, organBranch: u.organBranch }));
  if (input.plan.kind === 'uniform_cut') units.push(...(await callService(() => unitsOfJurisdiction(deps.registry, (input.plan as { jurisdictionId: string }).jurisdictionId))));
  const jurisdictions = await callService(() => deps.registry.registry.jurisdiction.list.query({}));
  const jurisdictionNames = Object.fromEntries(jurisdictions.map((j) => [j.id, j.name]));
  const unitIds = [...units.map((u) => u.id), ...[input.newTargetId, input.delegatedId].filter((id): id is string => Boolean(id))];
  const poolJurisdictions = [...new Set([input.jurisdictionId, ...refs.jurisdictionIds, ...units.map((u) => u.jurisdictionId)])];
  const snapshot = await callService(() => deps.ledger.ledger.reform.snapshot.query({ organizationIds: unitIds, jurisdictionIds: poolJurisdictions }));
  const limits = await limitsWhereAdded(deps, input.plan, units);
  const compiled = compilePlan(input.plan, { units, jurisdictionNames, snapshot, newTargetId: input.newTargetId, delegatedId: input.delegatedId, limits });
  for (const jurisdictionId of refs.jurisdictionIds) {
    if (!jurisdictionNames[jurisdictionId]) compiled.preview.refusals.push({ rule: 'REFORM-SCOPE', message: '方案中的地区不存在或不在您的管辖范围内' });
  }
  // Rectification linkage (the domain rule, with each unit's jurisdiction's switch): an open violation of
  // any unit of the plan blocks its approval until an inspector closes it — every unit, one question.
  const open = await callService(() => deps.audit.audit.linkage.openByUnit.query({ organizationIds: compiled.unitIds }));
  const blockedUnits = compiled.unitIds.filter((id) => (open[id]?.length ?? 0) > 0);
  const jurisdictionOf = new Map(units.map((u) => [u.id, u.jurisdictionId]));
  const settingsByJurisdiction = new Map<string, PolicySettings>();
  for (const id of blockedUnits) {
    const jurisdictionId = jurisdictionOf.get(id) ?? input.jurisdictionId;
    if (!settingsByJurisdiction.has(jurisdictionId)) settingsByJurisdiction.set(jurisdictionId, await callService(() => (deps.policy ?? deps.registry).registry.policy.effective.query({ jurisdictionId })));
    const name = units.find((u) => u.id === id)?.name ?? id;
    for (const found of checkRectification(settingsByJurisdiction.get(jurisdictionId)!, open[id]!)) {
      const localized = { 'zh-CN': `${name}：${found.message['zh-CN']}`, en: `${name}: ${found.message.en}` };
      compiled.preview.refusals.push({ rule: found.ruleId, message: localized['zh-CN'], localized });
    }
  }
  return compiled;
}

export function createReformActivities(deps: ReformDeps) {
  return {
    async previewPlan(input: { plan: ReformPlan; jurisdictionId: string; newTargetId?: string | undefined; delegatedId?: string | undefined }): Promise<CompiledPlan> {
      return compileAgainstLive(deps, input);
    },

    /**
     * The unit a merger establishes (its first source is abolished for it: 撤一建一), created once per
     * project. It replaces all the plan's sources (merged into it next), so the organization limits
     * count them as leaving, as the plan's preview does (compile.ts, merger). A run scheduled before
     * the sources were passed names only the first.
     */
    async createMergedUnit(input: { projectId: string; jurisdictionId: string; sourceId: string; sourceIds?: string[] | undefined; name: string; kind: 'organ' | 'institution' | 'dispatched'; institutionClass?: string | undefined; documentNumber: string }): Promise<{ id: string }> {
      // An organ made of an organ keeps its branch (party, government, other), which its limits count.
      const source = await callService(() => deps.registry.registry.organization.get.query({ id: input.sourceId }));
      const created = await callService(() =>
        deps.registry.registry.organization.create.mutate({
          jurisdictionId: input.jurisdictionId,
          name: input.name,
          kind: input.kind,
          institutionClass: input.institutionClass as never,
          organBranch: input.kind === 'organ' && source.kind === 'organ' ? source.organBranch : null,
          offsetOrganizationId: input.sourceId,
          replacedOrganizationIds: input.sourceIds ?? [input.sourceId],
          documentNumber: input.documentNumber,
          idempotencyKey: `${input.projectId}/merged-unit`,
        }),
      );
      if (created.status === 'planned') await callService(() => deps.registry.registry.organization.activate.mutate({ id: created.id }));
      return { id: created.id };
    },

    async applyLedgerStep(input: { key: string; projectId: string; documentNumber: string; step: LedgerStep }): Promise<{ id: string }> {
      const id = derivedUuid(input.key);
      await heartbeating(() => callService(() => deps.ledger.ledger.reform.execute.mutate({ id, projectId: input.projectId, documentNumber: input.documentNumber, ...input.step })));
      return { id };
    },

    async reverseLedgerStep(input: { key: string; stepId: string; documentNumber: string }): Promise<{ id: string }> {
      const id = derivedUuid(input.key);
      await heartbeating(() => callService(() => deps.ledger.ledger.reform.reverse.mutate({ id, stepId: input.stepId, documentNumber: input.documentNumber })));
      return { id };
    },

    /**
     * The registry's commands, each safe to repeat: a unit already in the state a command leads to
     * (abolished, merged into the target, delegated, converted) is left alone.
     */
    async applyRegistry(input: { projectId: string; commands: RegistryCommand[]; documentNumber: string }): Promise<{ resultIds: string[]; delegatedId: string | null }> {
      const resultIds: string[] = [];
      let delegatedId: string | null = null;
      const get = (id: string) => callService(() => deps.registry.registry.organization.get.query({ id }));
      for (const command of input.commands) {
        if (command.op === 'merge') {
          const sources = await Promise.all(command.sourceIds.map(get));
          const pending = sources.filter((s) => !(s.status !== 'active' && s.successorId === command.targetId)).map((s) => s.id);
          if (pending.length > 0) await callService(() => deps.registry.registry.organization.merge.mutate({ sourceIds: pending, targetId: command.targetId, keepNamesAsNameplates: command.keepNamesAsNameplates, documentNumber: input.documentNumber }));
          resultIds.push(command.targetId);
        } else if (command.op === 'abolish') {
          const unit = await get(command.id);
          if (unit.status === 'active' || unit.status === 'planned') await callService(() => deps.registry.registry.organization.abolish.mutate({ id: command.id, expectedVersion: unit.version, documentNumber: input.documentNumber }));
        } else if (command.op === 'delegate') {
          const unit = await get(command.id);
          if (unit.status === 'active') await callService(() => deps.registry.registry.organization.delegate.mutate({ id: command.id, expectedVersion: unit.version, targetJurisdictionId: command.targetJurisdictionId, documentNumber: input.documentNumber }));
          delegatedId = (await get(command.id)).successorId;
          if (delegatedId) resultIds.push(delegatedId);
        } else {
          const unit = await get(command.id);
          if (unit.status === 'active') await callService(() => deps.registry.registry.organization.convert.mutate({ id: command.id, expectedVersion: unit.version, documentNumber: input.documentNumber }));
        }
      }
      return { resultIds, delegatedId };
    },

    /** Where the people to place are now (their slots moved at execution). */
    async currentPeople(input: { personIds: string[] }): Promise<ReformSnapshot['people']> {
      return callService(() => deps.ledger.ledger.reform.people.query({ personIds: input.personIds }));
    },

    async applyPlacement(input: { key: string; projectId: string; documentNumber: string; assignments: Record<string, string>; people: ReformSnapshot['people'] }): Promise<{ id: string } | null> {
      const step = placementStep(input.assignments, input.people);
      if (step.rehome.length === 0) return null;
      const id = derivedUuid(input.key);
      await heartbeating(() => callService(() => deps.ledger.ledger.reform.execute.mutate({ id, projectId: input.projectId, documentNumber: input.documentNumber, ...step })));
      return { id };
    },

    /** The new three-determinations of each resulting unit, or its legal-person registration. */
    async publishDocument(input: { projectId: string; organizationIds: string[]; kind: (typeof reformDocumentKinds)[number]; documentNumber: string; effectiveDate: string; functions: string[]; representative: string }): Promise<void> {
      for (const organizationId of input.organizationIds.filter((id) => id !== NEW_UNIT)) {
        if (input.kind === 'three_determinations') {
          const published = await callService(() => deps.registry.registry.threeDeterminations.list.query({ organizationId }));
          if (published.some((d) => d.documentNumber === input.documentNumber)) continue;
          const snapshot = await callService(() => deps.ledger.ledger.reform.snapshot.query({ organizationIds: [organizationId], jurisdictionIds: [] }));
          const staffing = Object.fromEntries(snapshot.units.map((u) => [u.ledger, Math.max(0, u.quota)]));
          // Publishing sets the unit's departments: the ones it has now carry over, with the last document's leadership posts.
          const departments = await callService(() => deps.registry.registry.department.list.query({ organizationId }));
          const last = published.reduce<(typeof published)[number] | null>((latest, d) => (!latest || d.version > latest.version ? d : latest), null);
          await callService(() =>
            deps.registry.registry.threeDeterminations.publish.mutate({
              organizationId,
              basedOnVersion: last?.version ?? 0,
              documentNumber: input.documentNumber,
              effectiveDate: input.effectiveDate,
              functions: input.functions,
              departments: departments.map((d) => ({ name: d.name, type: d.type, headcount: d.headcount, leadershipPosts: d.leadershipPosts, functions: d.functions })),
              staffing,
              leadershipPosts: last?.leadershipPosts ?? {},
            }),
          );
        } else {
          const unit = await callService(() => deps.registry.registry.organization.get.query({ id: organizationId }));
          if (unit.legalRegistration?.registeredOn === input.effectiveDate && unit.legalRegistration.representative === input.representative) continue;
          await callService(() =>
            deps.registry.registry.organization.update.mutate({
              id: organizationId,
              expectedVersion: unit.version,
              changes: { legalRegistration: { representative: input.representative, registeredOn: input.effectiveDate, validUntil: null, fundsWan: null, address: '' } },
              documentNumber: input.documentNumber,
            }),
          );
        }
      }
    },

    /** Follow-up supervision: how far over quota the resulting units still are, and who is still in the placement pool. */
    async followUp(input: { organizationIds: string[]; placements: Record<string, string> }): Promise<{ overQuota: number; inPool: number }> {
      const snapshot = await callService(() => deps.ledger.ledger.reform.snapshot.query({ organizationIds: input.organizationIds, jurisdictionIds: [] }));
      const overQuota = snapshot.units.reduce((sum, u) => sum + Math.max(0, u.occupied - u.quota), 0);
      const pooled = Object.entries(input.placements).filter(([, to]) => to === 'pool').map(([personId]) => personId);
      const still = pooled.length ? await callService(() => deps.ledger.ledger.reform.people.query({ personIds: pooled })) : [];
      return { overQuota, inPool: still.length };
    },
  };
}

export type ReformActivities = ReturnType<typeof createReformActivities>;
