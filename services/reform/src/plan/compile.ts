import type { QuotaType, ReformAccountRef, ReformSnapshot, ReformStepInput } from '@bianzhi/contracts/ledger';
import { quotaTypeLabels, transferCodeLabels } from '@bianzhi/contracts/ledger';
import type { ImpactPreview, ImpactRow, ReformPlan } from '@bianzhi/contracts/reform';
import { DomainError } from '@bianzhi/domain/errors';
import type { InstitutionClass, OrganBranch, OrganizationKind } from '@bianzhi/domain/organization';
import { breachMessage, limitBreaches, type CountChange, type LimitCategory, type OrganizationLimit } from '@bianzhi/domain/organization-limits';
import { frontlineShare, mergerImpact } from '@bianzhi/domain/reform-impact';
import { uniformCut } from '@bianzhi/domain/uniform-cut';
import { zeroBaseAllocation } from '@bianzhi/domain/zero-base';

/**
 * A reform plan compiled against the live registry and ledger: the impact preview the committee
 * reads, and exactly what execution will do (one linked ledger step, then the registry's commands).
 * Pure: the same plan and the same world give the same result, so the preview and the execution
 * cannot disagree about what a plan means.
 */
export interface UnitFacts {
  id: string;
  name: string;
  jurisdictionId: string;
  status: string;
  kind: string;
  institutionClass: string | null;
  organBranch?: string | null | undefined;
}

/** A jurisdiction's organization limits and its live units per category (registry.limit.list). */
export interface JurisdictionLimits {
  name: string;
  limits: OrganizationLimit[];
  used: Record<LimitCategory, number>;
}

export interface World {
  /** Every unit the plan names (and, for a uniform cut, every unit of the jurisdiction). */
  units: UnitFacts[];
  jurisdictionNames: Record<string, string>;
  snapshot: ReformSnapshot;
  /** Set once execution created it: the merged unit when the plan establishes a new one. */
  newTargetId?: string | undefined;
  /** Set once execution recorded it: the delegated unit's new record in the lower jurisdiction. */
  delegatedId?: string | undefined;
  /** The limits of the jurisdictions where a plan adds a unit (a merger's new unit, a delegation's target). */
  limits?: Record<string, JurisdictionLimits> | undefined;
}

export type RegistryCommand =
  | { op: 'merge'; sourceIds: string[]; targetId: string; keepNamesAsNameplates: boolean }
  | { op: 'abolish'; id: string }
  | { op: 'delegate'; id: string; targetJurisdictionId: string }
  | { op: 'convert'; id: string };

export type LedgerStep = Pick<ReformStepInput, 'openAccounts' | 'overQuota' | 'rehome' | 'exits' | 'moves'>;

export interface CompiledPlan {
  preview: ImpactPreview;
  step: LedgerStep;
  registry: RegistryCommand[];
  /** Units the plan touches, for the audit linkage check (an open violation blocks approval). */
  unitIds: string[];
}

/** Placeholder for a unit execution will create (a new merged unit, a delegated record). */
export const NEW_UNIT = '00000000-0000-4000-8000-000000000000';
const EXCEPTED_BY_NAME = /医院|卫生院|学校|中学|小学|幼儿园|大学|学院|职业技术/;

class Compiler {
  readonly rows = new Map<string, ImpactRow>();
  readonly movements: ImpactPreview['movements'] = [];
  readonly refusals: ImpactPreview['refusals'] = [];
  readonly notes: string[] = [];
  readonly toPlace: ImpactPreview['toPlace'] = [];
  readonly overQuota: ImpactPreview['overQuota'] = [];
  readonly step: LedgerStep = { openAccounts: [], overQuota: [], rehome: [], exits: [], moves: [] };
  recovered = 0;
  cut = 0;
  readonly unitById: Map<string, UnitFacts>;

  constructor(readonly world: World) {
    this.unitById = new Map(world.units.map((u) => [u.id, u]));
  }

  unit(id: string): UnitFacts {
    const unit = this.unitById.get(id);
    if (!unit) throw new DomainError('NOT_FOUND', `organization ${id} not found`, undefined, { 'zh-CN': '改革方案中的单位不存在或不在您的管辖范围内', en: 'A unit in the plan does not exist or is outside your jurisdiction' });
    return unit;
  }

  name(id: string): string {
    if (id === NEW_UNIT) return '（新设单位）';
    return this.unitById.get(id)?.name ?? this.world.jurisdictionNames[id] ?? id;
  }

  active(ids: string[]): void {
    for (const id of ids) {
      const unit = this.unit(id);
      if (unit.status !== 'active') this.refuse('REFORM-UNIT-ACTIVE', `${unit.name}已${unit.status === 'abolished' ? '撤销' : '不在正常状态'}，不能纳入改革`);
    }
  }

  refuse(rule: string, message: string): void {
    this.refusals.push({ rule, message });
  }

  /** Organization limits (机构限额): a plan may not take a jurisdiction's count of a category over its limit. */
  withinLimits(jurisdictionId: string, change: CountChange): void {
    const limits = this.world.limits?.[jurisdictionId];
    if (!limits) return;
    for (const breach of limitBreaches(limits.limits, limits.used, change)) {
      const localized = breachMessage(limits.name, breach);
      this.refusals.push({ rule: 'ORG-LIMIT', message: `超出机构限额：${localized['zh-CN']}`, localized: { 'zh-CN': `超出机构限额：${localized['zh-CN']}`, en: `Organization limit exceeded: ${localized.en}` } });
    }
  }

  figures(organizationId: string, ledger: QuotaType) {
    return this.world.snapshot.units.find((u) => u.organizationId === organizationId && u.ledger === ledger) ?? null;
  }

  ledgersOf(ids: string[]): QuotaType[] {
    return [...new Set(this.world.snapshot.units.filter((u) => ids.includes(u.organizationId)).map((u) => u.ledger))].sort();
  }

  people(organizationId: string, ledger?: QuotaType) {
    return this.world.snapshot.people.filter((p) => p.organizationId === organizationId && (!ledger || p.ledger === ledger));
  }

  pool(jurisdictionId: string, ledger: QuotaType, pool: 'unallocated' | 'external'): number | null {
    return this.world.snapshot.pools.find((p) => p.jurisdictionId === jurisdictionId && p.ledger === ledger && p.pool === pool)?.balance ?? null;
  }

  requirePool(jurisdictionId: string, ledger: QuotaType, pool: 'unallocated' | 'external'): void {
    if (this.pool(jurisdictionId, ledger, pool) === null) this.refuse('REFORM-POOL', `${this.name(jurisdictionId)}尚未开设${quotaTypeLabels[ledger]}编制池`);
  }

  /** The before/after row of a unit and type (created on first touch). */
  row(organizationId: string, ledger: QuotaType): ImpactRow {
    const key = `${organizationId}/${ledger}`;
    let row = this.rows.get(key);
    if (!row) {
      const f = this.figures(organizationId, ledger);
      row = { organizationId, name: this.name(organizationId), ledger, quotaBefore: f?.quota ?? 0, quotaAfter: f?.quota ?? 0, occupiedBefore: f?.occupied ?? 0, occupiedAfter: f?.occupied ?? 0 };
      this.rows.set(key, row);
    }
    return row;
  }

  /** A quota movement: recorded for the ledger step, the preview's movements and the rows. */
  move(ledger: QuotaType, from: ReformAccountRef, to: ReformAccountRef, amount: number, code: ReformStepInput['moves'][number]['code']): void {
    if (amount <= 0) return;
    this.step.moves.push({ ledger, from, to, amount, code });
    const label = (ref: ReformAccountRef) => ('organizationId' in ref ? this.name(ref.organizationId) : `${this.name(ref.jurisdictionId)}${ref.pool === 'external' ? '（上级核减）' : '（未分配池）'}`);
    this.movements.push({ ledger, from: label(from), to: label(to), amount, code: transferCodeLabels[code] });
    if ('organizationId' in from) this.row(from.organizationId, ledger).quotaAfter -= amount;
    if ('organizationId' in to) this.row(to.organizationId, ledger).quotaAfter += amount;
  }

  /** People who move with their places: the person's occupied quota goes with them. */
  rehome(slot: ReformSnapshot['people'][number], toOrganizationId: string): void {
    this.step.rehome.push({ slotId: slot.slotId, toOrganizationId });
    const from = this.row(slot.organizationId, slot.ledger);
    const to = this.row(toOrganizationId, slot.ledger);
    from.quotaAfter -= 1;
    from.occupiedAfter -= 1;
    to.quotaAfter += 1;
    to.occupiedAfter += 1;
  }

  flagOver(organizationId: string, ledger: QuotaType): void {
    if (!this.step.overQuota.some((o) => o.organizationId === organizationId && o.ledger === ledger)) this.step.overQuota.push({ organizationId, ledger });
  }

  available(organizationId: string, ledger: QuotaType): number {
    const f = this.figures(organizationId, ledger);
    return f ? f.quota - f.occupied - f.pending : 0;
  }

  finish(registry: RegistryCommand[], unitIds: string[]): CompiledPlan {
    for (const row of this.rows.values()) {
      if (row.occupiedAfter > row.quotaAfter) this.overQuota.push({ organizationId: row.organizationId, name: row.name, ledger: row.ledger, over: row.occupiedAfter - row.quotaAfter });
    }
    const rows = [...this.rows.values()].filter((r) => r.organizationId !== NEW_UNIT || r.quotaAfter !== 0 || r.occupiedAfter !== 0);
    return {
      preview: { rows, movements: this.movements, recovered: this.recovered, cut: this.cut, toPlace: this.toPlace, overQuota: this.overQuota, refusals: this.refusals, notes: this.notes },
      step: this.step,
      registry,
      unitIds: unitIds.filter((id) => id !== NEW_UNIT),
    };
  }
}

export function compilePlan(plan: ReformPlan, world: World): CompiledPlan {
  const c = new Compiler(world);
  switch (plan.kind) {
    case 'merger':
      return merger(c, plan);
    case 'abolition': {
      c.active(plan.organizationIds);
      for (const id of plan.organizationIds) {
        const unit = c.unit(id);
        for (const ledger of c.ledgersOf([id])) {
          c.requirePool(unit.jurisdictionId, ledger, 'unallocated');
          const f = c.figures(id, ledger)!;
          if (f.pending > 0) c.refuse('REFORM-PENDING-PLANS', `${unit.name}尚有${f.pending}个用编计划预留未使用，请先撤回`);
          const vacancies = Math.max(0, f.quota - f.occupied - f.pending);
          c.move(ledger, { organizationId: id, kind: 'vacant' }, { jurisdictionId: unit.jurisdictionId, pool: 'unallocated' }, vacancies, 'recover');
          c.recovered += vacancies;
          for (const person of c.people(id, ledger)) c.toPlace.push({ personId: person.personId, name: person.name, organizationId: id, organizationName: unit.name, ledger, suggested: 'pool' });
        }
      }
      if (c.toPlace.length > 0) c.notes.push(`需安置人员${c.toPlace.length}名：分配到接收单位的人员带编划转（人随编走）；进入安置池的人员暂留原单位账户，只出不进，直至退休、调出等自然消化。`);
      return c.finish(plan.organizationIds.map((id) => ({ op: 'abolish', id })), plan.organizationIds);
    }
    case 'delegation': {
      c.active([plan.organizationId]);
      const unit = c.unit(plan.organizationId);
      if (unit.jurisdictionId === plan.targetJurisdictionId) c.refuse('REFORM-DELEGATION-TARGET', '下放的目标地区须不同于单位现属地区');
      const target = world.delegatedId ?? NEW_UNIT;
      if (!world.delegatedId) c.withinLimits(plan.targetJurisdictionId, { added: [limitedUnit(unit)], removed: [] });
      for (const ledger of c.ledgersOf([unit.id])) {
        c.step.openAccounts.push({ organizationId: target, jurisdictionId: plan.targetJurisdictionId, ledger });
        const f = c.figures(unit.id, ledger)!;
        if (f.pending > 0) c.refuse('REFORM-PENDING-PLANS', `${unit.name}尚有${f.pending}个用编计划预留未使用，请先撤回`);
        for (const person of c.people(unit.id, ledger)) c.rehome(person, target);
        const vacancies = f.quota - f.occupied;
        if (vacancies > 0) c.move(ledger, { organizationId: unit.id, kind: 'vacant' }, { organizationId: target, kind: 'vacant' }, vacancies, 'delegate');
        if (vacancies < 0 || f.overQuota) {
          c.flagOver(target, ledger);
          c.move(ledger, { organizationId: target, kind: 'vacant' }, { organizationId: unit.id, kind: 'vacant' }, -vacancies, 'delegate');
        }
      }
      c.notes.push(`${unit.name}连同编制和人员下放至${c.name(plan.targetJurisdictionId)}，在该地区的机构名录中新建记录，原记录标注为已下放。`);
      return c.finish([{ op: 'delegate', id: unit.id, targetJurisdictionId: plan.targetJurisdictionId }], [unit.id]);
    }
    case 'sinking': {
      c.active(plan.from.map((f) => f.organizationId));
      const given = plan.from.reduce((s, f) => s + f.amount, 0);
      const received = plan.to.reduce((s, t) => s + t.amount, 0);
      if (given !== received) c.refuse('REFORM-CONSERVATION', `下沉编制调出合计${given}名，接收合计${received}名，两者须相等（编制只划转，不新增）`);
      if (plan.minimumFrontlineShare > 0) {
        const share = frontlineShare(plan.to.map((t) => ({ targetId: t.jurisdictionId, frontline: t.frontline, amount: t.amount })), plan.minimumFrontlineShare);
        if (!share.passes) c.refuse('SINK-FRONTLINE', `下沉到一线（乡镇街道）的编制${share.frontline}名，占${(share.share * 100).toFixed(1)}%，低于${Math.round(plan.minimumFrontlineShare * 100)}%，还差${share.shortfall}名`);
      }
      const sources = plan.from.map((f) => ({ ...f, left: f.amount }));
      for (const t of plan.to) c.requirePool(t.jurisdictionId, plan.ledger, 'unallocated');
      for (const f of plan.from) {
        const unit = c.unit(f.organizationId);
        if (c.available(f.organizationId, plan.ledger) < f.amount) c.refuse('REFORM-VACANCIES', `${unit.name}可用空编${c.available(f.organizationId, plan.ledger)}名，不足调出的${f.amount}名`);
      }
      // Each receiving jurisdiction is served from the sources in order; the split is part of the preview.
      for (const t of plan.to) {
        let need = t.amount;
        for (const s of sources) {
          const take = Math.min(need, s.left);
          if (take <= 0) continue;
          c.move(plan.ledger, { organizationId: s.organizationId, kind: 'vacant' }, { jurisdictionId: t.jurisdictionId, pool: 'unallocated' }, take, 'delegate');
          s.left -= take;
          need -= take;
        }
      }
      return c.finish([], plan.from.map((f) => f.organizationId));
    }
    case 'uniform_cut': {
      const units = world.units.filter((u) => u.jurisdictionId === plan.jurisdictionId && u.status === 'active' && c.figures(u.id, plan.ledger));
      c.requirePool(plan.jurisdictionId, plan.ledger, 'external');
      const excepted = (u: UnitFacts) => plan.exceptedIds.includes(u.id) || EXCEPTED_BY_NAME.test(u.name);
      const result = uniformCut(
        units.map((u) => {
          const f = c.figures(u.id, plan.ledger)!;
          return { id: u.id, quota: f.quota, occupied: f.occupied + f.pending, excepted: excepted(u) };
        }),
        plan.rate,
      );
      for (const cut of result.units) {
        if (cut.cut === 0) continue;
        if (cut.digestByExit > 0) c.flagOver(cut.id, plan.ledger);
        c.move(plan.ledger, { organizationId: cut.id, kind: 'vacant' }, { jurisdictionId: plan.jurisdictionId, pool: 'external' }, cut.cut, 'cut');
      }
      c.cut = result.total;
      const exceptedCount = units.filter(excepted).length;
      c.notes.push(`按${(plan.rate * 100).toFixed(1)}%精简${quotaTypeLabels[plan.ledger]}${result.total}名，医院、学校等${exceptedCount}个单位不参与；先收空编，不足部分只出不进逐步消化。`);
      return c.finish([], units.map((u) => u.id));
    }
    case 'zero_base': {
      c.requirePool(plan.jurisdictionId, plan.ledger, 'unallocated');
      for (const r of plan.rows) c.requirePool(r.jurisdictionId, plan.ledger, 'unallocated');
      const held = c.pool(plan.jurisdictionId, plan.ledger, 'unallocated') ?? 0;
      if (held < plan.total) c.refuse('REFORM-POOL-BALANCE', `${c.name(plan.jurisdictionId)}未分配编制${held}名，不足重新分配的${plan.total}名`);
      const shares = zeroBaseAllocation(plan.total, plan.rows.map((r) => ({ id: r.jurisdictionId, protectedMinimum: r.protectedMinimum, population: r.population, area: r.area, gdp: r.gdp, revenue: r.revenue })), plan.weights);
      for (const share of shares) c.move(plan.ledger, { jurisdictionId: plan.jurisdictionId, pool: 'unallocated' }, { jurisdictionId: share.id, pool: 'unallocated' }, share.total, 'allocate');
      c.notes.push(`零基测算：保障基数优先，其余按人口、面积、GDP和近两年平均财政收入加权，最大余额法取整，合计恰为${plan.total}名。`);
      return c.finish([], []);
    }
    case 'filing_conversion': {
      c.active([plan.organizationId]);
      const unit = c.unit(plan.organizationId);
      if (unit.kind !== 'institution') c.refuse('REFORM-FILING-INSTITUTION', `${unit.name}不是事业单位，不能实行备案制`);
      const f = c.figures(unit.id, 'institution');
      if (!f) c.refuse('REFORM-FILING-INSTITUTION', `${unit.name}没有事业编制账户`);
      c.requirePool(unit.jurisdictionId, 'institution', 'unallocated');
      c.requirePool(unit.jurisdictionId, 'filed_headcount', 'external');
      c.step.openAccounts.push({ organizationId: unit.id, jurisdictionId: unit.jurisdictionId, ledger: 'filed_headcount' });
      const vacancies = f ? Math.max(0, f.quota - f.occupied - f.pending) : 0;
      c.move('institution', { organizationId: unit.id, kind: 'vacant' }, { jurisdictionId: unit.jurisdictionId, pool: 'unallocated' }, vacancies, 'recover');
      c.move('filed_headcount', { jurisdictionId: unit.jurisdictionId, pool: 'external' }, { organizationId: unit.id, kind: 'vacant' }, vacancies, 'increase');
      c.recovered += vacancies;
      c.notes.push(`实行备案制：收回空余事业编制${vacancies}名，同时核定备案员额${vacancies}名；在编人员今后每减少一名，收回一名事业编制并增加一名备案员额（退一收一）。`);
      return c.finish([], [unit.id]);
    }
    case 'enterprise_conversion': {
      c.active([plan.organizationId]);
      const unit = c.unit(plan.organizationId);
      if (unit.kind !== 'institution') c.refuse('REFORM-ENTERPRISE-INSTITUTION', `${unit.name}不是事业单位，不能转企`);
      if (unit.institutionClass && unit.institutionClass !== 'business') c.refuse('REFORM-ENTERPRISE-BUSINESS', `${unit.name}不是经营类事业单位，不能转企`);
      for (const ledger of c.ledgersOf([unit.id])) {
        c.requirePool(unit.jurisdictionId, ledger, 'unallocated');
        const f = c.figures(unit.id, ledger)!;
        if (f.pending > 0) c.refuse('REFORM-PENDING-PLANS', `${unit.name}尚有${f.pending}个用编计划预留未使用，请先撤回`);
        for (const person of c.people(unit.id, ledger)) {
          c.step.exits.push({ slotId: person.slotId, exitKind: 'transfer_out' });
          c.row(unit.id, ledger).occupiedAfter -= 1;
        }
        c.move(ledger, { organizationId: unit.id, kind: 'vacant' }, { jurisdictionId: unit.jurisdictionId, pool: 'unallocated' }, Math.max(0, f.quota - f.pending), 'recover');
        c.recovered += Math.max(0, f.quota - f.pending);
      }
      c.notes.push('转企改制：在编人员转为企业职工并核销编制，全部编制收回未分配池，机构名录中改为已转企。');
      return c.finish([{ op: 'convert', id: unit.id }], [unit.id]);
    }
  }
}

function merger(c: Compiler, plan: Extract<ReformPlan, { kind: 'merger' }>): CompiledPlan {
  const existing = 'existingId' in plan.target ? plan.target.existingId : null;
  const targetId = existing ?? c.world.newTargetId ?? NEW_UNIT;
  if (existing && plan.sourceIds.includes(existing)) c.refuse('REFORM-MERGER-TARGET', '整合的目标单位不能同时是被整合单位');
  if (new Set(plan.sourceIds).size !== plan.sourceIds.length) c.refuse('REFORM-MERGER-TARGET', '被整合单位重复');
  c.active(existing ? [...plan.sourceIds, existing] : plan.sourceIds);
  const first = c.unit(plan.sourceIds[0]!);
  const targetJurisdiction = existing ? c.unit(existing).jurisdictionId : first.jurisdictionId;
  const members = existing ? [...plan.sourceIds, existing] : plan.sourceIds;
  // A new merged unit replaces its sources: the count only rises where it falls in a category they did not.
  // Execution counts the same: the merged unit is created replacing all the sources (createMergedUnit, replacedOrganizationIds).
  if (!existing && !c.world.newTargetId && 'newKind' in plan.target) {
    const sources = plan.sourceIds.map((id) => c.unitById.get(id)).filter((u): u is UnitFacts => u !== undefined && u.jurisdictionId === targetJurisdiction && u.status === 'active');
    const branch = plan.target.newKind === 'organ' && first.kind === 'organ' ? (first.organBranch ?? null) : null;
    c.withinLimits(targetJurisdiction, { added: [{ kind: plan.target.newKind, organBranch: branch as OrganBranch | null, institutionClass: plan.target.institutionClass ?? null }], removed: sources.map(limitedUnit) });
  }
  // The registry merges units of one jurisdiction only (a unit moving between jurisdictions is a delegation).
  for (const id of plan.sourceIds) {
    const unit = c.unitById.get(id);
    if (unit && unit.jurisdictionId !== targetJurisdiction) c.refuse('REFORM-MERGER-JURISDICTION', `“${unit.name}”与${existing ? `“${c.name(existing)}”` : '其他被整合单位'}不属于同一行政区划，不能合并（跨区划调整请用下放属地）`);
  }
  for (const ledger of c.ledgersOf(members)) {
    const units = members.map((id) => ({ id, ...(c.figures(id, ledger) ?? { quota: 0, occupied: 0, pending: 0, overQuota: false }) }));
    const combined = units.reduce((s, u) => s + u.quota, 0);
    const approved = plan.approvedQuota[ledger] ?? combined;
    let impact;
    try {
      impact = mergerImpact(units.length >= 2 ? units : [...units, { id: NEW_UNIT, quota: 0, occupied: 0 }], approved);
    } catch (error) {
      c.refuse('REFORM-CONSERVATION', error instanceof DomainError ? (error.localized?.['zh-CN'] ?? error.message) : String(error));
      continue;
    }
    // A new unit, or an existing one without accounts of this type, gets them first.
    if (!existing || !c.figures(existing, ledger)) c.step.openAccounts.push({ organizationId: targetId, jurisdictionId: targetJurisdiction, ledger });
    c.requirePool(targetJurisdiction, ledger, 'unallocated');
    if (!existing) c.row(targetId, ledger);
    for (const u of units) {
      if (u.id === existing) continue;
      if (u.pending > 0) c.refuse('REFORM-PENDING-PLANS', `${c.name(u.id)}尚有${u.pending}个用编计划预留未使用，请先撤回`);
      for (const person of c.people(u.id, ledger)) {
        c.rehome(person, targetId);
        c.toPlace.push({ personId: person.personId, name: person.name, organizationId: u.id, organizationName: c.name(u.id), ledger, suggested: targetId });
      }
    }
    // Vacancies follow; a unit that was over quota is squared from the merged unit's vacancies.
    for (const u of units) {
      if (u.id !== existing && u.quota - u.occupied > 0) c.move(ledger, { organizationId: u.id, kind: 'vacant' }, { organizationId: targetId, kind: 'vacant' }, u.quota - u.occupied, 'transfer');
    }
    if (impact.overQuota > 0 || units.some((u) => u.quota - u.occupied < 0)) c.flagOver(targetId, ledger);
    for (const u of units) {
      if (u.id !== existing && u.quota - u.occupied < 0) c.move(ledger, { organizationId: targetId, kind: 'vacant' }, { organizationId: u.id, kind: 'vacant' }, u.occupied - u.quota, 'transfer');
    }
    c.move(ledger, { organizationId: targetId, kind: 'vacant' }, { jurisdictionId: targetJurisdiction, pool: 'unallocated' }, impact.recovered, 'recover');
    c.recovered += impact.recovered;
    if (impact.overQuota > 0) c.notes.push(`整合后${quotaTypeLabels[ledger]}超编${impact.overQuota}名：不辞退任何人，实行只出不进，逐步消化。`);
  }
  if (c.toPlace.length > 0) c.notes.push(`被整合单位的${c.toPlace.length}名人员随编制进入整合后的单位；安置阶段可调整到其他单位或安置池。`);
  return c.finish([{ op: 'merge', sourceIds: plan.sourceIds, targetId, keepNamesAsNameplates: plan.keepNamesAsNameplates }], [...members]);
}

function limitedUnit(unit: UnitFacts) {
  return { kind: unit.kind as OrganizationKind, organBranch: (unit.organBranch ?? null) as OrganBranch | null, institutionClass: unit.institutionClass as InstitutionClass | null };
}

/**
 * The placement step: each person assigned to a unit other than the one holding them now moves
 * there with their place; those left in the placement pool stay where they are (exit only).
 */
export function placementStep(assignments: Record<string, string>, people: ReformSnapshot['people']): LedgerStep {
  const rehome = people.filter((p) => assignments[p.personId] && assignments[p.personId] !== 'pool' && assignments[p.personId] !== p.organizationId).map((p) => ({ slotId: p.slotId, toOrganizationId: assignments[p.personId]! }));
  return { openAccounts: [], overQuota: [], rehome, exits: [], moves: [] };
}
