import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BianzhiClient } from '@bianzhi/client';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import type { OrganizationRef } from '@bianzhi/contracts/registry';
import type { Principal } from '@bianzhi/domain/access';
import { addDays, todayInChina } from '@bianzhi/domain/calendar';
import { previousQuarter, quarterEnd, quarterOf, quarterStart } from '@bianzhi/domain/reduction';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { addWatch, freezeQuarter } from '@bianzhi/quota-ledger/supervision/monitoring.service';

/** The demo city's units of 控编减编任务 and 季度监控 (docs/ledger.md "Reduction targets and quarterly monitoring"). */
export const DEMO_REDUCTION = {
  onPace: '市交通运输局',
  behind: '市自然资源和规划局',
  watched: [
    { name: '市住房和城乡建设局', reason: 'cross_check' as const, note: '第三季度财政供养人员比对发现编外聘用人员增长较快，列入季度监控' },
    { name: '市水利局', reason: 'by_hand' as const, note: '群众反映以借调方式长期使用下级单位人员，列入季度监控' },
  ],
} as const;

/**
 * 季度监控 before the stack starts: the city bureau names two city units for the watch list (the
 * ledger's own command, as the bureau), and the last quarter is frozen as the platform freezes it at
 * a quarter's end, so the page compares this quarter with a frozen one.
 */
export async function seedMonitoring(db: Kysely<unknown>, cityId: string): Promise<void> {
  const registryDb = db as unknown as Kysely<RegistryDB>;
  const units = await registryDb.selectFrom('registry.organizations').select(['id', 'name', 'credit_code', 'jurisdiction_id', 'kind', 'status', 'institution_class']).where('name', 'in', DEMO_REDUCTION.watched.map((w) => w.name)).execute();
  const scope = fixedScope({ jurisdictions: [{ id: cityId, parentId: null, name: '示范市', level: 'city' }], organizations: units.map((u) => ({ id: u.id, name: u.name, creditCode: u.credit_code, jurisdictionId: u.jurisdiction_id, jurisdictionName: '示范市', status: u.status, kind: u.kind, institutionClass: u.institution_class }) as OrganizationRef) });
  const deps = { db: db as unknown as Kysely<LedgerDB>, scope, rules: inMemoryRules().port, clock: () => new Date() };
  const bureau: Principal = { kind: 'user', id: 'seed-city-bureau', name: '市编办', roles: ['city_admin'], jurisdictionId: cityId, organizationId: null };
  for (const w of DEMO_REDUCTION.watched) {
    const unit = units.find((u) => u.name === w.name);
    if (!unit) throw new Error(`demo monitoring: no ${w.name}`);
    await addWatch(deps, bureau, { organizationId: unit.id, reason: w.reason, note: w.note });
  }
  await freezeQuarter(deps, servicePrincipal('seed'), { jurisdictionId: cityId, quarter: previousQuarter(quarterOf(todayInChina())) });
}

/**
 * 控编减编任务 for the demo city, through the matter engine as the city bureau uses it (filed by
 * `admin`, decided by 受理 `shouli`, 审核 `shenhe`, 审批 `zhuren`): one city unit on pace (a vacancy
 * already recovered through its own quota matter) and one behind (nothing done since the start, so
 * its workflow flags it at the last quarter end as soon as it is applied).
 */
export async function seedDemoReduction(clients: { admin: BianzhiClient; shouli: BianzhiClient; shenhe: BianzhiClient; zhuren: BianzhiClient }): Promise<{ targets: number }> {
  const { admin, shouli, shenhe, zhuren } = clients;
  const unit = async (name: string) => (await admin.registry.organization.list.query({ search: name })).items.find((o) => o.name === name) ?? fail(name);
  const approve = async (id: string, number: string) => {
    for (const [stepIndex, client] of [shouli, shenhe, zhuren].entries()) {
      await client.approval.matter.decide.mutate({ id, stepIndex, decision: 'approve', comment: stepIndex === 2 ? '同意' : '予以受理', decisionId: randomUUID(), ...(stepIndex === 2 ? { documentNumber: number } : {}) });
    }
    for (let i = 0; i < 150 && (await admin.approval.matter.get.query({ id })).state !== 'applied'; i++) await new Promise((r) => setTimeout(r, 200));
  };
  // From the start of the last quarter to the end of the next: three quarters, the last one's end already past.
  const today = todayInChina();
  const year = Number(today.slice(0, 4));
  const start = quarterStart(previousQuarter(quarterOf(today)));
  const deadline = quarterEnd(quarterOf(addDays(quarterEnd(quarterOf(today)), 1)));
  const [onPace, behind] = [await unit(DEMO_REDUCTION.onPace), await unit(DEMO_REDUCTION.behind)];

  const setTarget = async (organizationId: string, name: string, amount: number, n: number) => {
    const id = randomUUID();
    await admin.approval.matter.file.mutate({
      id,
      kind: 'reduction_target',
      title: `${name}控编减编任务（核减行政编制${amount}名）`,
      reason: '落实机构改革方案，职能划出后相应核减编制，分三个季度完成',
      documents: [{ title: '关于下达控编减编任务的请示', documentNumber: `示编〔${year}〕${60 + n}号` }],
      reduction: { organizationId, ledger: 'administrative', measure: 'quota', amount, startDate: start, deadline, basisDocument: `示编发〔${year}〕5号 控编减编工作方案` },
    });
    await approve(id, `示编〔${year}〕${70 + n}号`);
    return id;
  };

  // On pace: one of two vacancies already recovered, through a quota matter of its own; behind: none of three.
  const accounts = await admin.ledger.account.list.query({ holderId: onPace.id });
  const pools = await admin.ledger.account.list.query({ holderId: onPace.jurisdictionId });
  const recovered = randomUUID();
  await admin.approval.matter.file.mutate({
    id: recovered,
    kind: 'quota_movement',
    title: `收回${onPace.name}空编1名`,
    reason: '落实控编减编任务，收回长期空编',
    documents: [{ title: '请示', documentNumber: `示编〔${year}〕58号` }],
    moves: [{ ledger: 'administrative', code: 'recover', debitAccountId: accounts.find((a) => a.kind === 'vacant' && a.ledger === 'administrative')!.id, creditAccountId: pools.find((p) => p.kind === 'unallocated' && p.ledger === 'administrative')!.id, amount: 1 }],
  });
  await approve(recovered, `示编〔${year}〕59号`);
  await setTarget(onPace.id, onPace.name, 2, 1);
  const behindId = await setTarget(behind.id, behind.name, 3, 2);
  // The target's workflow freezes the quarter end already past at once: wait for the flag.
  for (let i = 0; i < 150 && !(await admin.ledger.target.get.query({ id: behindId })).flaggedAt; i++) await new Promise((r) => setTimeout(r, 200));
  return { targets: 2 };
}

function fail(what: string): never {
  throw new Error(`demo reduction: no ${what} in the demo city`);
}
