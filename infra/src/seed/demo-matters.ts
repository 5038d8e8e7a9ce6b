import { randomUUID } from 'node:crypto';
import { createBianzhiClient, type BianzhiClient } from '@bianzhi/client';
import { DEV_LOGIN } from './seed.js';
import { seedDemoSupervision } from './demo-supervision.js';
import { seedDemoEvaluation } from './demo-evaluation.js';
import { seedDemoReduction } from './demo-reduction.js';
import { seedDemoLinkage } from './demo-linkage.js';
import { seedDemoTimeliness } from './demo-timeliness.js';
import { seedDemoNamedRoll } from './demo-named-roll.js';
import { seedDemoRegistration } from './demo-registration.js';

/**
 * Matters in every state for the demo city, made the way the bureau makes them: each user signs in
 * at the gateway and files, decides, returns, corrects or withdraws through the API, so every
 * matter's chain, history, audit events and (once approved) transfers are the real ones.
 * Runs once the stack is up, on a freshly seeded city.
 */
async function signedIn(url: string, username: string): Promise<BianzhiClient> {
  const origin = new URL(url).origin;
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ username, password: DEV_LOGIN.password }) });
  if (response.status !== 200) throw new Error(`demo sign-in of ${username} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return createBianzhiClient({ url, fetch: (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), cookie, origin } }) });
}

export async function seedDemoMatters(url: string): Promise<{ matters: number }> {
  const [admin, shouli, shenhe, zhuren, haishu, haishuShouli, haishuShenhe] = await Promise.all(['admin', 'shouli', 'shenhe', 'zhuren', 'haishu', 'haishu-shouli', 'haishu-shenhe'].map((u) => signedIn(url, u)));
  const jurisdictions = await admin!.registry.jurisdiction.list.query({});
  const city = jurisdictions.find((j) => j.level === 'city')!;
  const district = jurisdictions.find((j) => j.code === '330203')!;
  // 审批权上收: the city decides 海曙区's quota matters and its recruitment quota use (seed 001).
  await admin!.approval.routing.set.mutate({ jurisdictionId: district.id, kind: 'quota_movement', decidedAt: 'city' });
  await admin!.approval.routing.set.mutate({ jurisdictionId: district.id, kind: 'staffing_plan', decidedAt: 'city' });
  // 出入编联动 first: the receiving systems are registered before the matters below, so their events are in the delivery logs.
  await seedDemoLinkage({ admin: admin!, haishu: haishu! });

  const unitOf = async (client: BianzhiClient, jurisdictionId: string, index: number) => {
    const { items } = await client.registry.organization.list.query({ jurisdictionId, limit: 20, offset: 0 });
    const unit = items.filter((o) => o.status === 'active')[index]!;
    const accounts = await client.ledger.account.list.query({ holderId: unit.id });
    const pools = await client.ledger.account.list.query({ holderId: jurisdictionId });
    const vacant = accounts.find((a) => a.kind === 'vacant' && a.ledger === 'administrative') ?? accounts.find((a) => a.kind === 'vacant')!;
    return { name: unit.name, ledger: vacant.ledger, vacant: vacant.id, pool: pools.find((p) => p.kind === 'unallocated' && p.ledger === vacant.ledger)!.id };
  };
  const file = async (client: BianzhiClient, title: string, reason: string, number: string, move: { ledger: string; code: 'allocate' | 'recover'; debit: string; credit: string; amount: number }) => {
    const id = randomUUID();
    await client.approval.matter.file.mutate({ id, kind: 'quota_movement', title, reason, documents: [{ title: '请示', documentNumber: number }], moves: [{ ledger: move.ledger as 'administrative', code: move.code, debitAccountId: move.debit, creditAccountId: move.credit, amount: move.amount }] });
    return id;
  };
  const decide = (client: BianzhiClient, id: string, stepIndex: number, decision: 'approve' | 'return' | 'reject', comment = '', documentNumber?: string) =>
    client.approval.matter.decide.mutate({ id, stepIndex, decision, comment, decisionId: randomUUID(), ...(documentNumber ? { documentNumber } : {}) });

  const [h0, h1, h2, h3, h4] = await Promise.all([0, 1, 2, 3, 4].map((i) => unitOf(haishu!, district.id, i)));
  const c0 = await unitOf(admin!, city.id, 0);
  const allocate = (u: typeof h0, amount: number) => ({ ledger: u!.ledger, code: 'allocate' as const, debit: u!.pool, credit: u!.vacant, amount });

  // Waiting on the district's acceptance.
  await file(haishu!, `为${h0!.name}核定编制 2 名`, '承接新增职能，现有编制不足', '海编〔2026〕31号', allocate(h0, 2));
  // Accepted and reviewed in the district, waiting on the city's approval (审批权上收).
  const waiting = await file(haishu!, `为${h1!.name}核定编制 1 名`, '新设执法岗位', '海编〔2026〕32号', allocate(h1, 1));
  await decide(haishuShouli!, waiting, 0, 'approve', '材料齐全，予以受理');
  await decide(haishuShenhe!, waiting, 1, 'approve', '经审核，符合核编条件');
  // Returned by the city for correction.
  const returned = await file(haishu!, `为${h2!.name}核定编制 6 名`, '业务量增长', '海编〔2026〕33号', allocate(h2, 6));
  await decide(haishuShouli!, returned, 0, 'approve', '予以受理');
  await decide(haishuShenhe!, returned, 1, 'approve', '同意报市编办审批');
  await decide(zhuren!, returned, 2, 'return', '核定数量依据不足，请补充近三年业务量数据后按实际需要重新申报');
  // Rejected, and withdrawn.
  const rejected = await file(haishu!, `为${h3!.name}核定编制 3 名`, '临时性工作任务', '海编〔2026〕34号', allocate(h3, 3));
  await decide(haishuShouli!, rejected, 0, 'reject', '临时性任务不属于核增编制的情形');
  const withdrawn = await file(haishu!, `为${h4!.name}核定编制 1 名`, '岗位调整', '海编〔2026〕35号', allocate(h4, 1));
  await haishu!.approval.matter.withdraw.mutate({ id: withdrawn, comment: '已通过内部调剂解决', decisionId: randomUUID() });
  // Approved at the city and applied by the platform.
  const applied = await file(admin!, `为${c0.name}核定编制 2 名`, '机构职能调整后人员不足', '示编〔2026〕40号', allocate(c0, 2));
  await decide(shouli!, applied, 0, 'approve', '予以受理');
  await decide(shenhe!, applied, 1, 'approve', '经审核符合条件');
  await decide(zhuren!, applied, 2, 'approve', '同意', '示编〔2026〕41号');
  // Approved, but the unit no longer held the vacancies when it was applied: failed, nothing moved.
  const failed = await file(admin!, `收回${c0.name}空编`, '长期空编收回', '示编〔2026〕42号', { ledger: c0.ledger, code: 'recover', debit: c0.vacant, credit: c0.pool, amount: 100_000 });
  await decide(shouli!, failed, 0, 'approve', '予以受理');
  await decide(shenhe!, failed, 1, 'approve', '同意');
  await decide(zhuren!, failed, 2, 'approve', '同意收回', '示编〔2026〕43号');
  // Establishment changes (机构编制事项), still in review so the demo city's units stay as seeded:
  // a city unit's rename accepted and waiting on review; a district unit's re-rank waiting on acceptance.
  const [cityUnit] = (await admin!.registry.organization.list.query({ jurisdictionId: city.id, kind: 'institution', limit: 1, offset: 0 })).items;
  const renamed = randomUUID();
  await admin!.approval.matter.file.mutate({ id: renamed, kind: 'organization_change', title: `${cityUnit!.name}更名`, reason: '职能调整后名称与职责不符', documents: [{ title: '请示', documentNumber: '示编〔2026〕44号' }], organization: { action: 'rename', organizationId: cityUnit!.id, name: `${cityUnit!.name.replace(/中心$|站$|所$/, '')}服务中心` } });
  await decide(shouli!, renamed, 0, 'approve', '予以受理');
  const [districtUnit] = (await haishu!.registry.organization.list.query({ jurisdictionId: district.id, kind: 'organ', limit: 1, offset: 0 })).items;
  await haishu!.approval.matter.file.mutate({ id: randomUUID(), kind: 'organization_change', title: `调整${districtUnit!.name}机构规格`, reason: '承担职能增加', documents: [{ title: '请示', documentNumber: '海编〔2026〕36号' }], organization: { action: 'rerank', organizationId: districtUnit!.id, rank: districtUnit!.rank === 'zheng_chu' ? 'fu_ting' : 'zheng_chu' } });
  // A district unit's staffing-use plan taken to approval, waiting on the district's acceptance.
  const organs = (await haishu!.registry.organization.list.query({ jurisdictionId: district.id, kind: 'organ', limit: 20, offset: 0 })).items;
  let planUnit: (typeof organs)[number] | undefined;
  for (const organ of organs.slice(2)) {
    if (((await haishu!.ledger.balance.get.query({ organizationId: organ.id })).find((b) => b.ledger === 'administrative')?.vacant ?? 0) >= 2) {
      planUnit = organ;
      break;
    }
  }
  if (!planUnit) throw new Error('demo matters: no 海曙区 organ with two administrative vacancies for a plan');
  const planId = randomUUID();
  await haishu!.ledger.plan.file.mutate({ id: planId, organizationId: planUnit!.id, ledger: 'administrative', places: 1, endsOn: `${new Date().getFullYear() + 1}-06-30`, reason: '补充窗口服务人员' });
  await haishu!.approval.matter.file.mutate({ id: randomUUID(), kind: 'staffing_plan', title: `${planUnit!.name}用编计划（1名）`, reason: '窗口服务量增长', documents: [{ title: '请示', documentNumber: '海人〔2026〕12号' }], plan: { planId } });
  // 评估考核: an evaluation with its conclusion approved as a matter, and last year's published assessment.
  await seedDemoEvaluation({ admin: admin!, shouli: shouli!, shenhe: shenhe!, zhuren: zhuren! });
  // 督查通知书 and 约谈: a notice awaiting the unit's acknowledgement, a closed one, talks with commitments.
  await seedDemoSupervision({ admin: admin!, haishu: haishu!, signIn: (username) => signedIn(url, username) }, DEV_LOGIN.password);
  // 控编减编任务: a city unit's target on pace and another's behind (flagged at the last quarter end).
  await seedDemoReduction({ admin: admin!, shouli: shouli!, shenhe: shenhe!, zhuren: zhuren! });
  // 实名制公示: the city's switch on through an approved matter, a classified unit and a classified post. Before the
  // timeliness demo, whose publications then carry the named roll (a publication after it would close its open order).
  await seedDemoNamedRoll({ admin: admin!, shouli: shouli!, shenhe: shenhe!, zhuren: zhuren! });
  // 及时公开: a late unit whose correction order closed when it was published, one with an open order, one published in time.
  await seedDemoTimeliness(admin!);
  // 法人登记 and 章程: registrations in each state, a missing report, an abolished unit not cancelled, a charter approved and one pending.
  await seedDemoRegistration({ admin: admin!, shouli: shouli!, shenhe: shenhe!, zhuren: zhuren! });
  return { matters: 10 };
}
