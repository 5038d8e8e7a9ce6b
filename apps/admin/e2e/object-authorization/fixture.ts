import { appointThroughMatter, approveAtCity, approvePlanThroughMatter, setPostsThroughMatter } from '../matter-chain.js';
import type { BianzhiClient } from '@bianzhi/client';
import type { Caller, Objects, OwnObjects } from './probe.js';
import { PROBE_YEAR, nextYear } from './probe.js';
import { csvBase64, freshIdNumber, thisMonth, today } from './files.js';

/**
 * The objects the matrix aims at, in the seeded demo city. The district admin of 海曙区 is tried
 * with 江北区's and with the city's; a department user bound to 海曙区人民医院 with another 海曙区
 * unit's and a township's. What the seed lacks (plans, an entry and a move, a penalty, an
 * appointment, a violation with evidence, a cross-check, accounts, tokens, an establishment, a
 * reform project, import jobs) is made here through the API, on units no other test uses.
 */
export interface Fixture {
  sets: Record<Caller, { name: string; objects: Objects }[]>;
  own: OwnObjects;
  department: { username: string; password: string };
  /** Closes what would block approvals elsewhere (violations, a penalty) and withdraws the plans. */
  cleanup(): Promise<void>;
}

const stamp = Date.now().toString(36);
const password = 'Matrix-Fixture-2026!';
/** 江北区 organs no other test file touches; the fixture takes the one with the most vacancies. */
const jiangbeiCandidates = ['江北区财政局', '江北区教育局', '江北区人力资源和社会保障局', '江北区卫生健康局', '江北区委办公室', '江北区政府办公室'];
const evidence = [{ fileName: '对象矩阵佐证.txt', contentType: 'text/plain', contentBase64: Buffer.from('对象矩阵佐证材料').toString('base64') }];

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`fixture: timed out waiting for ${what}`);
}

export async function buildFixture(clients: { admin: BianzhiClient; haishu: BianzhiClient; signIn(username: string, password: string): Promise<BianzhiClient> }): Promise<Fixture> {
  const { admin, haishu } = clients;
  const jurisdictions = await admin.registry.jurisdiction.list.query({});
  const jurisdiction = (code: string) => jurisdictions.find((j) => j.code === code) ?? fail(`jurisdiction ${code}`);
  const [city, haishuDistrict, jiangbei, nanmen] = ['330200', '330203', '330205', '330203001'].map(jurisdiction) as [(typeof jurisdictions)[number], (typeof jurisdictions)[number], (typeof jurisdictions)[number], (typeof jurisdictions)[number]];
  const unit = async (name: string) => (await admin.registry.organization.list.query({ search: name })).items.find((o) => o.name === name) ?? fail(`unit ${name}`);
  const vacantAccount = async (organizationId: string) => (await admin.ledger.account.list.query({ holderId: organizationId })).find((a) => a.ledger === 'administrative' && a.kind === 'vacant') ?? fail(`vacant account of ${organizationId}`);
  const roll = (organizationId: string) => admin.ledger.person.roll.query({ organizationId });
  const firstTransfer = async (accountId: string) => (await admin.ledger.transfer.list.query({ accountId, limit: 1 }))[0] ?? fail(`a transfer of account ${accountId}`);
  const firstDepartment = async (organizationId: string) => (await admin.registry.department.list.query({ organizationId }))[0] ?? fail(`a department of ${organizationId}`);
  const nameplate = (id: string) => admin.registry.organization.addNameplate.mutate({ id, nameplate: { name: '对象矩阵牌子', kind: 'nameplate' } }).catch(() => undefined);
  const filePlan = (api: BianzhiClient, organizationId: string, places: number) =>
    api.ledger.plan.file.mutate({ id: crypto.randomUUID(), organizationId, ledger: 'administrative', places, endsOn: nextYear(), reason: `对象矩阵用编计划${stamp}` });
  const openBatch = async (api: BianzhiClient, jurisdictionId: string) =>
    api.registry.powerList.openBatch.mutate({ jurisdictionId, year: PROBE_YEAR, half: 1 }).catch(async () => (await api.registry.powerList.batches.query({ jurisdictionId })).find((b) => b.year === PROBE_YEAR && b.half === 1) ?? fail('power batch'));
  const addPowerItem = async (api: BianzhiClient, batchId: string, organizationId: string) => {
    const items = await api.registry.powerList.adjust.mutate({ batchId, organizationId, add: [{ code: `DX-${stamp}`, name: '对象矩阵事项', category: 'inspection', legalBasis: '对象矩阵', responsibleBody: '对象矩阵' }] });
    return items.find((i) => i.code === `DX-${stamp}`)!.id;
  };
  const openViolation = async (organizationId: string) => {
    const opened = await admin.audit.violation.open.mutate({ organizationId, kind: 'other', title: `对象矩阵问题${stamp}`, deadline: nextYear(), evidence });
    return { violationId: opened.id, evidenceId: opened.evidence[0]!.id };
  };
  // A supervision notice on the unit, and a talk on it with one commitment.
  const superviseUnit = async (organizationId: string) => {
    const notice = await admin.audit.notice.issue.mutate({ organizationId, problem: `对象矩阵通知${stamp}`, requirement: '对象矩阵整改', deadline: nextYear() });
    const talk = await admin.audit.talk.record.mutate({ noticeId: notice.id, heldOn: today(), participants: ['对象矩阵'], points: '对象矩阵约谈', commitments: [{ content: '对象矩阵承诺', deadline: nextYear() }] });
    return { noticeId: notice.id, talkId: talk.id, commitmentId: talk.commitments[0]!.id };
  };
  // A reduction target on the unit, set as a matter the city files and decides, and the unit put on the watch list by hand.
  const reduce = async ({ id: organizationId, jurisdictionId }: { id: string; jurisdictionId: string }, tag: string) => {
    const targetId = crypto.randomUUID();
    const reduction = { organizationId, ledger: 'administrative' as const, measure: 'quota' as const, amount: 1, startDate: today(), deadline: nextYear(), basisDocument: `对象矩阵减编方案${stamp}` };
    await admin.approval.matter.file.mutate({ id: targetId, kind: 'reduction_target', title: `${tag}对象矩阵减编${stamp}`, reason: '对象矩阵', reduction, documents: [{ title: '请示', documentNumber: `对象矩阵减〔2026〕${stamp}号` }] });
    await approveAtCity(targetId, `示编减〔2026〕${stamp}号`);
    const watchId = (await admin.ledger.monitoring.add.mutate({ organizationId, reason: 'by_hand', note: `对象矩阵监控${stamp}` })).id;
    return { targetId, watchId, jurisdictionId };
  };
  // A public institution with an active legal-person registration and last year's annual report filed.
  const registeredInstitution = async (jurisdictionId: string, tag: string) => {
    const { id, name } = await admin.registry.organization.create.mutate({ jurisdictionId, name: `${tag}对象矩阵登记中心${stamp}`, kind: 'institution', institutionClass: 'welfare_1', basis: 'inventory' });
    const particulars = { name, domicile: '对象矩阵路1号', representative: '对象矩阵', fundsWan: 10, businessScope: '对象矩阵', certificateNumber: `事证第${tag}${stamp}号`, validFrom: '2025-01-01', validUntil: '2030-12-31' };
    await admin.registry.registration.establish.mutate({ organizationId: id, effectiveDate: '2025-01-01', expectedVersion: 0, particulars });
    await admin.registry.registration.fileReport.mutate({ organizationId: id, year: new Date().getFullYear() - 1, summary: '对象矩阵年度报告' });
    return id;
  };
  // An establishment is an approved matter: filed by the city's bureau and taken through the city's chain.
  const establish = async (api: BianzhiClient, jurisdictionId: string, tag: string) => {
    const room = await api.registry.organization.create.mutate({ jurisdictionId, name: `${tag}对象矩阵旧址${stamp}`, kind: 'organ', basis: 'inventory' });
    const id = crypto.randomUUID();
    const unit = { jurisdictionId, name: `${tag}对象矩阵中心${stamp}`, kind: 'organ' as const, quotaTypes: ['administrative' as const], offsetOrganizationId: room.id, allocation: {} };
    await api.approval.matter.file.mutate({ id, kind: 'organization_change', title: `设立${unit.name}`, reason: '对象矩阵', organization: { action: 'establish', unit }, documents: [{ title: '请示', documentNumber: `对象矩阵〔2026〕${stamp}号` }] });
    await approveAtCity(id, `示编〔2026〕${stamp}号`);
    return (await api.approval.matter.get.query({ id })).organization!.establishmentRequestId!;
  };

  // Units.
  const figures = await Promise.all(jiangbeiCandidates.map(async (name) => ({ name, vacant: (await admin.ledger.balance.get.query({ organizationId: (await unit(name)).id })).find((f) => f.ledger === 'administrative')?.vacant ?? 0 })));
  const roomiest = figures.sort((a, b) => b.vacant - a.vacant)[0]!;
  if (roomiest.vacant < 3) fail(`a 江北区 unit with three vacancies (best: ${roomiest.name}, ${roomiest.vacant})`);
  const [J, C, H, D] = await Promise.all([unit(roomiest.name), unit('市商务局'), unit('海曙区发展和改革局'), unit('海曙区人民医院')]);
  const [jiangbeiDocument, cityDocument, nanmenDocument, cityPowerUnit, abolished] = await Promise.all([unit('中马街道办事处'), unit('市委机构编制委员会办公室'), unit('南门街道办事处'), unit('市市场监督管理局'), unit('江北区人民医院')]);
  for (const u of [J, C, H]) await nameplate(u.id);
  const [jRoll, cRoll, hRoll] = await Promise.all([roll(J.id), roll(C.id), roll(H.id)]);
  if (jRoll.length < 3 || !cRoll[0] || !hRoll[1]) fail('people on the rolls of the chosen units');

  // Accounts: a second city admin (to approve what the first filed), the department user, and users out of 海曙区's reach.
  const department = { username: `dx-dept-${stamp}`, password };
  await admin.identity.user.create.mutate({ ...department, name: '对象矩阵部门用户', role: 'department_user', jurisdictionId: haishuDistrict.id, organizationId: D.id });
  const jiangbeiUser = { username: `dx-jb-${stamp}`, password };
  const { id: jiangbeiUserId } = await admin.identity.user.create.mutate({ ...jiangbeiUser, name: '对象矩阵江北用户', role: 'inspector', jurisdictionId: jiangbei.id });
  const disabled = await admin.identity.user.create.mutate({ username: `dx-jb-off-${stamp}`, name: '对象矩阵停用用户', role: 'auditor', jurisdictionId: jiangbei.id, password });
  await admin.identity.user.disable.mutate({ id: disabled.id });
  const service = await admin.identity.user.create.mutate({ username: `dx-jb-svc-${stamp}`, name: '对象矩阵江北系统', role: 'service', jurisdictionId: jiangbei.id });
  const { info: token } = await admin.identity.token.create.mutate({ userId: service.id, name: '对象矩阵令牌', expiresInDays: 30 });
  const ownUser = await haishu.identity.user.create.mutate({ username: `dx-hs-${stamp}`, name: '对象矩阵海曙用户', role: 'inspector', jurisdictionId: haishuDistrict.id, password });
  const session = (await admin.identity.session.list.query()).find((s) => s.current) ?? fail('the admin’s current session');

  // Plans, an entry and a move on an approved plan (one place left open), then a penalty and an appointment.
  const jFiled = await filePlan(admin, J.id, 1);
  const jApproved = await filePlan(admin, J.id, 3);
  await approvePlanThroughMatter(admin, jApproved.id);
  const entry = { id: crypto.randomUUID(), name: '对象矩阵入编', idNumber: freshIdNumber() };
  const entered = await admin.ledger.person.enter.mutate({ ...entry, person: { name: entry.name, idNumber: entry.idNumber, postCategory: 'management' }, planId: jApproved.id, entryKind: 'exam' });
  const moveId = crypto.randomUUID();
  const moved = await admin.ledger.person.move.mutate({ id: moveId, slotId: jRoll[2]!.id, planId: jApproved.id });
  const penalty = { id: crypto.randomUUID(), organizationId: J.id, mode: 'freeze' as const, amount: 1 };
  await admin.ledger.control.penalize.mutate({ ...penalty, ledger: 'administrative', documentNumber: `对象矩阵〔2026〕${stamp}号`, reason: '对象矩阵处罚' });
  const leaders = await admin.ledger.leadership.list.query({ organizationId: J.id });
  const posts = leaders.ranks.find((r) => r.rank === 'dept_deputy')!;
  await setPostsThroughMatter(admin, { organizationId: J.id, rank: 'dept_deputy', posts: posts.filled + 1 });
  const appointee = jRoll.slice(1).find((slot) => slot.id !== jRoll[2]!.id && !leaders.appointments.some((a) => a.personId === slot.personId)) ?? fail('a person to appoint');
  const appointmentId = await appointThroughMatter(admin, { organizationId: J.id, rank: 'dept_deputy', slotId: appointee.id, title: '对象矩阵副科长' });
  const hFiled = await filePlan(haishu, H.id, 1);
  const cFiled = await filePlan(admin, C.id, 1);
  const jDemand = crypto.randomUUID();
  await admin.analysis.demand.submit.mutate({ id: jDemand, organizationId: J.id, year: PROBE_YEAR, ledger: 'administrative', places: 1, reason: '对象矩阵需求' });
  const hDemand = crypto.randomUUID();
  await haishu.analysis.demand.submit.mutate({ id: hDemand, organizationId: H.id, year: PROBE_YEAR, ledger: 'administrative', places: 1, reason: '对象矩阵需求' });

  // Power lists: open batches with an item each (江北区, a 海曙区 township), and 海曙区's own open batch.
  const jBatch = await openBatch(admin, jiangbei.id);
  const jItem = await addPowerItem(admin, jBatch.id, J.id);
  const nanmenBatch = await openBatch(haishu, nanmen.id);
  const nanmenItem = await addPowerItem(haishu, nanmenBatch.id, nanmenDocument.id);
  const ownBatch = await openBatch(haishu, haishuDistrict.id);
  const cityBatch = (await admin.registry.powerList.batches.query({ jurisdictionId: city.id }))[0] ?? fail('the city’s power batch');
  const cityItem = (await admin.registry.powerList.items.query({ organizationId: cityPowerUnit.id }))[0] ?? fail('an item of the city’s power list');

  // Supervision: violations with evidence, a payroll cross-check with a finding.
  const jViolation = await openViolation(J.id);
  const cViolation = await openViolation(C.id);
  const hViolation = await openViolation(H.id);
  const payroll = await admin.audit.crosscheck.import.mutate({ kind: 'payroll', month: thisMonth(), fileName: '对象矩阵工资.csv', contentBase64: csvBase64([['身份证号', '姓名', '单位'], [freshIdNumber(), '对象矩阵领薪', J.name]]) });
  const run = await admin.audit.crosscheck.run.mutate({ payrollBatchId: payroll.id });
  await waitFor(() => admin.audit.crosscheck.status.query({ id: run.id }), (s) => s.state !== 'running', 'the cross-check run');
  const finding = (await admin.audit.crosscheck.findings.query({ runId: run.id, kind: 'paid_not_on_roll' })).items[0] ?? fail('a cross-check finding');
  const [jSupervision, cSupervision, hSupervision] = [await superviseUnit(J.id), await superviseUnit(C.id), await superviseUnit(H.id)];

  // Jobs and workflows.
  const registryJob = await admin.registry.organization.importStart.mutate({ filename: '对象矩阵.xlsx', contentBase64: (await admin.registry.organization.importTemplate.query()).contentBase64 });
  const rollJob = await admin.ledger.person.importStart.mutate({ fileName: '对象矩阵.xlsx', contentBase64: (await admin.ledger.person.importTemplate.query()).contentBase64, documentNumber: '对象矩阵' });
  const [jEstablishment, hEstablishment] = [await establish(admin, jiangbei.id, '江北区'), await establish(admin, haishuDistrict.id, '海曙区')];
  // A matter 江北区's bureau files, and a routing row for 江北区 (its own default, made explicit).
  const jiangbeiAdmin = { username: `dx-jb-admin-${stamp}`, password };
  await admin.identity.user.create.mutate({ ...jiangbeiAdmin, name: '对象矩阵江北区编办', role: 'district_admin', jurisdictionId: jiangbei.id });
  const jiangbeiBureau = await clients.signIn(jiangbeiAdmin.username, jiangbeiAdmin.password);
  const jPool = (await admin.ledger.account.list.query({ holderId: jiangbei.id })).find((a) => a.kind === 'unallocated' && a.ledger === 'administrative') ?? fail('江北区’s unallocated pool');
  const matterId = crypto.randomUUID();
  await jiangbeiBureau.approval.matter.file.mutate({ id: matterId, title: `对象矩阵事项${stamp}`, reason: '对象矩阵', documents: [{ title: '请示', documentNumber: `对象矩阵〔2026〕${stamp}号`, ...evidence[0]! }], moves: [{ ledger: 'administrative', code: 'allocate', debitAccountId: jPool.id, creditAccountId: (await vacantAccount(J.id)).id, amount: 1 }] });
  const matterDocument = (await admin.approval.matter.get.query({ id: matterId })).documents[0] ?? fail('the matter’s document');
  if (!(await admin.approval.routing.list.query({})).some((r) => r.jurisdictionId === jiangbei.id)) await admin.approval.routing.set.mutate({ jurisdictionId: jiangbei.id, kind: 'quota_movement', decidedAt: 'own' });
  const project = await admin.reform.project.create.mutate({ id: `对象矩阵改革-${stamp}`, title: `对象矩阵改革${stamp}`, jurisdictionId: jiangbei.id, documentNumber: `对象矩阵〔2026〕${stamp}号`, plan: { kind: 'abolition', organizationIds: [abolished.id] } });

  // The workforce beyond the roll: a person outside quota, a purchase contract and an import job, in 江北区's unit.
  const jStaff = await admin.ledger.auxiliary.add.mutate({ id: crypto.randomUUID(), organizationId: J.id, kind: 'temporary', name: '对象矩阵编外', idNumber: freshIdNumber(), post: '对象矩阵', funding: 'self_raised', startedOn: today() });
  const jContract = await admin.ledger.purchase.add.mutate({ id: crypto.randomUUID(), organizationId: J.id, function: 'greening', provider: `对象矩阵绿化${stamp}`, headcount: 1, amount: 1000, startsOn: today(), endsOn: nextYear() });
  const staffJob = await admin.ledger.auxiliary.importStart.mutate({ organizationId: J.id, fileName: '对象矩阵编外.xlsx', contentBase64: (await admin.ledger.auxiliary.importTemplate.query()).contentBase64 });
  const workforce = { organizationId: J.id, staffId: jStaff.id, contractId: jContract.id, importJobId: staffJob.id };
  // Each set's unit measured by the demo city's hospital standard: the standards report names it (to the city admin), so a probe can look for it.
  const hospitalStandard = (await admin.ledger.standard.list.query({})).find((s) => s.code === 'HOSP') ?? fail('the demo city’s hospital standard');
  for (const unitId of [J.id, C.id, H.id]) await admin.ledger.standard.assign.mutate({ organizationId: unitId, standardId: hospitalStandard.id, variant: 'grade_2' });

  const [jAccount, cAccount, hAccount] = await Promise.all([vacantAccount(J.id), vacantAccount(C.id), vacantAccount(H.id)]);
  const [jReduction, cReduction, hReduction] = [await reduce(J, '江北区'), await reduce(C, '示范市'), await reduce(H, '海曙区')];
  // 评估考核: an evaluation of each set's unit, and a published assessment of the probe year scoring the three units
  // (on a stack where the fixture ran before, that year is published already and refuses a change: kept as it is).
  const evaluationOf = async (organizationId: string) => (await admin.audit.evaluation.create.mutate({ id: crypto.randomUUID(), organizationId, year: PROBE_YEAR, title: `对象矩阵评估${stamp}` })).id;
  const [jEvaluation, cEvaluation, hEvaluation] = [await evaluationOf(J.id), await evaluationOf(C.id), await evaluationOf(H.id)];
  // 联动订阅: a receiving system registered for each set's jurisdiction (its deliveries fail and are retried; nothing is reached).
  const subscriptionOf = async (jurisdictionId: string) =>
    (await admin.audit.subscription.create.mutate({ name: `对象矩阵订阅${stamp}`, url: 'https://receiver.example.invalid/hooks', eventTypes: ['cn.gov.bianzhi.roll.entry.posted'], jurisdictionIds: [jurisdictionId] })).id;
  const [jSubscription, cSubscription, hSubscription] = [await subscriptionOf(jiangbei.id), await subscriptionOf(city.id), await subscriptionOf(haishuDistrict.id)];
  await admin.audit.assessment.setSheet.mutate({ year: PROBE_YEAR, items: [{ key: 'probe', name: '对象矩阵项目', weight: 100, source: 'entered', evidence: '对象矩阵记录' }] }).catch(() => undefined);
  for (const id of [J.id, C.id, H.id]) await admin.audit.assessment.score.mutate({ year: PROBE_YEAR, subject: { kind: 'organization', id }, entered: { probe: { score: 80, evidence: '对象矩阵记录' } } }).catch(() => undefined);
  await (await clients.signIn('shenhe', 'bianzhi-dev')).audit.assessment.review.mutate({ year: PROBE_YEAR }).catch(() => undefined);
  await (await clients.signIn('zhuren', 'bianzhi-dev')).audit.assessment.publish.mutate({ year: PROBE_YEAR }).catch(() => undefined);
  const jiangbeiObjects: Objects = {
    jurisdictionId: jiangbei.id,
    jurisdictionCode: jiangbei.code,
    organizationId: J.id,
    unitName: J.name,
    creditCode: J.creditCode!,
    accountId: jAccount.id,
    transferId: (await firstTransfer(jAccount.id)).id,
    personId: jRoll[0]!.personId,
    personName: jRoll[0]!.name,
    slotId: jRoll[0]!.id,
    filedPlanId: jFiled.id,
    approvedPlanId: jApproved.id,
    entry: { ...entry, slotId: entered.id },
    move: { id: moveId, slotId: moved.id },
    penalty,
    appointment: { id: appointmentId, organizationId: J.id },
    demandId: jDemand,
    departmentId: (await firstDepartment(jiangbeiDocument.id)).id,
    documentUnitId: jiangbeiDocument.id,
    powerBatchId: jBatch.id,
    powerItemId: jItem,
    powerItemUnitId: J.id,
    ...jViolation,
    evaluationId: jEvaluation,
    payrollBatchId: payroll.id,
    crosscheckRunId: run.id,
    findingId: finding.id,
    user: { id: jiangbeiUserId, ...jiangbeiUser },
    disabledUserId: disabled.id,
    serviceUserId: service.id,
    tokenId: token.id,
    sessionId: session.id,
    registryImportJobId: registryJob.id,
    rollImportJobId: rollJob.id,
    matter: { id: matterId, documentId: matterDocument.id, jurisdictionId: jiangbei.id, accountId: jAccount.id },
    establishment: { requestId: jEstablishment, jurisdictionId: jiangbei.id },
    project: { id: project.id, jurisdictionId: jiangbei.id },
    workforce,
    supervision: jSupervision,
    reduction: jReduction,
    subscriptionId: jSubscription,
    registeredUnitId: await registeredInstitution(jiangbei.id, '江北'),
  };
  const cityObjects: Objects = {
    ...jiangbeiObjects,
    jurisdictionId: city.id,
    jurisdictionCode: city.code,
    organizationId: C.id,
    unitName: C.name,
    creditCode: C.creditCode!,
    accountId: cAccount.id,
    transferId: (await firstTransfer(cAccount.id)).id,
    personId: cRoll[0]!.personId,
    personName: cRoll[0]!.name,
    slotId: cRoll[0]!.id,
    departmentId: (await firstDepartment(cityDocument.id)).id,
    documentUnitId: cityDocument.id,
    powerBatchId: cityBatch.id,
    powerItemId: cityItem.id,
    powerItemUnitId: cityPowerUnit.id,
    filedPlanId: cFiled.id,
    ...cViolation,
    evaluationId: cEvaluation,
    supervision: cSupervision,
    reduction: cReduction,
    subscriptionId: cSubscription,
    registeredUnitId: await registeredInstitution(city.id, '市级'),
  };
  const haishuObjects: Objects = {
    ...jiangbeiObjects,
    jurisdictionId: nanmen.id,
    jurisdictionCode: nanmen.code,
    organizationId: H.id,
    unitName: H.name,
    creditCode: H.creditCode!,
    accountId: hAccount.id,
    transferId: (await firstTransfer(hAccount.id)).id,
    personId: hRoll[0]!.personId,
    personName: hRoll[0]!.name,
    slotId: hRoll[0]!.id,
    filedPlanId: hFiled.id,
    demandId: hDemand,
    departmentId: (await firstDepartment(nanmenDocument.id)).id,
    documentUnitId: nanmenDocument.id,
    powerBatchId: nanmenBatch.id,
    powerItemId: nanmenItem,
    powerItemUnitId: nanmenDocument.id,
    ...hViolation,
    evaluationId: hEvaluation,
    supervision: hSupervision,
    reduction: hReduction,
    subscriptionId: hSubscription,
    registeredUnitId: await registeredInstitution(nanmen.id, '海曙'),
    establishment: { requestId: hEstablishment, jurisdictionId: haishuDistrict.id },
  };
  const own: OwnObjects = {
    jurisdictionId: haishuDistrict.id,
    organizationId: H.id,
    accountId: hAccount.id,
    filedPlanId: hFiled.id,
    powerBatchId: ownBatch.id,
    userId: ownUser.id,
    personId: hRoll[1]!.personId,
    slotId: hRoll[1]!.id,
  };
  return {
    sets: {
      district: [
        { name: '江北区', objects: jiangbeiObjects },
        { name: '示范市（市级）', objects: cityObjects },
      ],
      department: [{ name: '海曙区其他单位', objects: haishuObjects }],
    },
    own,
    department,
    async cleanup() {
      for (const { violationId } of [jViolation, cViolation, hViolation]) await admin.audit.violation.close.mutate({ id: violationId, conclusion: '对象矩阵测试结束' }).catch(() => undefined);
      await admin.ledger.control.lift.mutate({ id: penalty.id }).catch(() => undefined);
      for (const id of [jFiled.id, jApproved.id, cFiled.id]) await admin.ledger.plan.cancel.mutate({ id }).catch(() => undefined);
      await haishu.ledger.plan.cancel.mutate({ id: hFiled.id }).catch(() => undefined);
      await admin.ledger.auxiliary.end.mutate({ id: crypto.randomUUID(), staffId: jStaff.id }).catch(() => undefined);
      await admin.ledger.purchase.end.mutate({ id: crypto.randomUUID(), contractId: jContract.id }).catch(() => undefined);
      for (const id of [jSubscription, cSubscription, hSubscription]) await admin.audit.subscription.remove.mutate({ id }).catch(() => undefined);
      for (const { watchId } of [jReduction, cReduction, hReduction]) await admin.ledger.monitoring.remove.mutate({ id: watchId, note: '对象矩阵测试结束' }).catch(() => undefined);
    },
  };
}

function fail(what: string): never {
  throw new Error(`fixture: no ${what} in the demo city`);
}
