import type { BianzhiClient } from '@bianzhi/client';
import { derivedUuid } from '@bianzhi/domain/derived-id';
import type { ObjectCase, Objects } from './probe.js';
import { PROBE_YEAR, nextYear } from './probe.js';
import { csvBase64, freshIdNumber, thisMonth, today, workbookBase64 } from './files.js';

const account = (admin: BianzhiClient, id: string) => admin.ledger.account.get.query({ id }).then(({ balance, available, version }) => ({ balance, available, version }));
const accounts = (admin: BianzhiClient, holderId: string) => admin.ledger.account.list.query({ holderId }).then((list) => list.map((a) => a.id));
const plans = (admin: BianzhiClient, organizationId: string) => admin.ledger.plan.list.query({ organizationId }).then((list) => list.map(({ id, status, open, entered }) => ({ id, status, open, entered })));
/** The fixture's plans out of reach, wherever their unit is. */
const knownPlans = (admin: BianzhiClient, o: Objects) => admin.ledger.plan.list.query({}).then((list) => list.filter((p) => p.id === o.filedPlanId || p.id === o.approvedPlanId).map(({ id, status, open, entered }) => ({ id, status, open, entered })));
const person = (admin: BianzhiClient, id: string) => admin.ledger.person.get.query({ id }).then((p) => p.slots.map(({ id: slotId, organizationId, exitKind }) => ({ slotId, organizationId, exitKind })));
const control = (admin: BianzhiClient, organizationId: string) => admin.ledger.control.get.query({ organizationId, ledger: 'administrative' });
const leadership = (admin: BianzhiClient, organizationId: string) => admin.ledger.leadership.list.query({ organizationId });
const indicators = (admin: BianzhiClient, organizationId: string) => admin.ledger.indicator.get.query({ organizationId }).then((i) => i.history.map(({ indicator, value, effectiveDate }) => ({ indicator, value, effectiveDate })));
const staffOf = (admin: BianzhiClient, organizationId: string) => admin.ledger.auxiliary.list.query({ organizationId, includeEnded: true }).then((list) => list.map(({ id, endedOn }) => ({ id, endedOn })));
const contractsOf = (admin: BianzhiClient, organizationId: string) => admin.ledger.purchase.list.query({ organizationId, includeEnded: true }).then((list) => list.map(({ id, terminatedOn }) => ({ id, terminatedOn })));
const demand = (admin: BianzhiClient, o: Objects) =>
  admin.analysis.demand.list.query({ year: PROBE_YEAR }).then((list) => list.filter((d) => d.id === o.demandId || d.organizationId === o.organizationId).map(({ id, status, granted }) => ({ id, status, granted })));
const newPerson = () => ({ name: '越权入编', idNumber: freshIdNumber(), postCategory: 'management' as const });
/** The place the fixture left open on an approved plan: a pending transfer with an id derived from the plan. */
const openReservationOf = (planId: string) => derivedUuid(`plan:${planId}:3`);
const bothAccounts = async (admin: BianzhiClient, o: Objects, own: { accountId: string }) => [await account(admin, o.accountId), await account(admin, own.accountId)];

export const ledgerCases: Record<string, ObjectCase> = {
  'ledger.account.openForOrganization': {
    call: (api, o) => api.ledger.account.openForOrganization.mutate({ organizationId: o.organizationId, jurisdictionId: o.jurisdictionId, quotaTypes: ['political_legal'] }),
    state: (admin, o) => accounts(admin, o.organizationId),
  },
  'ledger.account.openPools': {
    call: (api, o) => api.ledger.account.openPools.mutate({ jurisdictionId: o.jurisdictionId, quotaTypes: ['political_legal'] }),
    state: (admin, o) => accounts(admin, o.jurisdictionId),
  },
  'ledger.account.list': [
    { label: 'a unit’s accounts', call: (api, o) => api.ledger.account.list.query({ holderId: o.organizationId }), hidden: (o) => [o.accountId] },
    { label: 'a jurisdiction’s pools', call: (api, o) => api.ledger.account.list.query({ holderId: o.jurisdictionId }), hidden: (o) => [o.jurisdictionId] },
  ],
  'ledger.account.get': { call: (api, o) => api.ledger.account.get.query({ id: o.accountId }) },
  'ledger.account.statement': { call: (api, o) => api.ledger.account.statement.query({ accountId: o.accountId }) },
  'ledger.account.statementXlsx': { call: (api, o) => api.ledger.account.statementXlsx.query({ id: o.accountId }) },
  'ledger.balance.get': { call: (api, o) => api.ledger.balance.get.query({ organizationId: o.organizationId }) },
  'ledger.balance.asOf': { call: (api, o) => api.ledger.balance.asOf.query({ accountId: o.accountId, asOf: today() }) },
  'ledger.balance.byJurisdiction': [
    { label: 'of a jurisdiction out of reach', call: (api, o) => api.ledger.balance.byJurisdiction.query({ jurisdictionId: o.jurisdictionId }) },
    { label: 'all', call: (api) => api.ledger.balance.byJurisdiction.query({}), hidden: (o) => [o.jurisdictionId] },
  ],
  'ledger.balance.ownByJurisdiction': { call: (api) => api.ledger.balance.ownByJurisdiction.query({}), hidden: (o) => [o.jurisdictionId] },
  // The authority table (transfer/transfer-authority.ts) refuses any free-standing movement off the caller's own
  // jurisdiction, and every posting or voiding, before the scope check: TRANSFER_NOT_AUTHORIZED is a refusal too.
  'ledger.transfer.create': [
    {
      label: 'taking quota from an account out of reach',
      call: (api, o, own) => api.ledger.transfer.create.mutate({ transfers: [{ kind: 'single', id: crypto.randomUUID(), debitAccountId: o.accountId, creditAccountId: own.accountId, amount: 1, code: 'transfer' }] }),
      state: bothAccounts,
      alsoRefusedWith: ['TRANSFER_NOT_AUTHORIZED'],
    },
    {
      label: 'giving quota to an account out of reach',
      call: (api, o, own) => api.ledger.transfer.create.mutate({ transfers: [{ kind: 'single', id: crypto.randomUUID(), debitAccountId: own.accountId, creditAccountId: o.accountId, amount: 1, code: 'transfer' }] }),
      state: bothAccounts,
      alsoRefusedWith: ['TRANSFER_NOT_AUTHORIZED'],
    },
    {
      label: 'voiding a reservation out of reach',
      call: (api, o) => api.ledger.transfer.create.mutate({ transfers: [{ kind: 'void', id: crypto.randomUUID(), pendingId: openReservationOf(o.approvedPlanId) }] }),
      state: knownPlans,
      alsoRefusedWith: ['TRANSFER_NOT_AUTHORIZED'],
    },
  ],
  'ledger.transfer.get': { call: (api, o) => api.ledger.transfer.get.query({ id: o.transferId }) },
  'ledger.transfer.list': [
    { label: 'of a unit out of reach', call: (api, o) => api.ledger.transfer.list.query({ organizationId: o.organizationId }), hidden: (o) => [o.transferId] },
    { label: 'of an account out of reach', call: (api, o) => api.ledger.transfer.list.query({ accountId: o.accountId }), hidden: (o) => [o.transferId] },
  ],
  'ledger.person.enter': [
    {
      label: 'on a plan out of reach',
      call: (api, o) => api.ledger.person.enter.mutate({ id: crypto.randomUUID(), person: newPerson(), planId: o.approvedPlanId, entryKind: 'exam' }),
      state: knownPlans,
    },
    {
      // An entry's id is the client's: repeating one must not answer with the slot it made.
      label: 'repeating an entry made out of reach',
      call: (api, o, own) => api.ledger.person.enter.mutate({ id: o.entry.id, person: { name: o.entry.name, idNumber: o.entry.idNumber, postCategory: 'management' }, planId: own.filedPlanId, entryKind: 'exam' }),
      hidden: (o) => [o.entry.slotId],
    },
  ],
  'ledger.person.exit': {
    call: (api, o) => api.ledger.person.exit.mutate({ id: crypto.randomUUID(), slotId: o.slotId, exitKind: 'resignation' }),
    state: (admin, o) => person(admin, o.personId),
  },
  'ledger.person.transferWithQuota': [
    {
      label: 'a person out of reach, with their quota, into own unit',
      call: (api, o, own) => api.ledger.person.transferWithQuota.mutate({ id: crypto.randomUUID(), slotId: o.slotId, fromOrganizationId: o.organizationId, organizationId: own.organizationId, approvalRef: '越权' }),
      state: (admin, o) => person(admin, o.personId),
    },
  ],
  'ledger.person.move': [
    {
      label: 'a person out of reach into own unit',
      call: (api, o, own) => api.ledger.person.move.mutate({ id: crypto.randomUUID(), slotId: o.slotId, planId: own.filedPlanId }),
      state: (admin, o) => person(admin, o.personId),
    },
    {
      label: 'own person onto a plan out of reach',
      call: (api, o, own) => api.ledger.person.move.mutate({ id: crypto.randomUUID(), slotId: own.slotId, planId: o.approvedPlanId }),
      state: async (admin, o, own) => [await person(admin, own.personId), await knownPlans(admin, o)],
    },
    {
      label: 'repeating a move made out of reach',
      call: (api, o, own) => api.ledger.person.move.mutate({ id: o.move.id, slotId: own.slotId, planId: own.filedPlanId }),
      hidden: (o) => [o.move.slotId],
    },
  ],
  'ledger.person.roll': { call: (api, o) => api.ledger.person.roll.query({ organizationId: o.organizationId, includeExited: true }) },
  'ledger.person.get': { call: (api, o) => api.ledger.person.get.query({ id: o.personId }) },
  'ledger.person.search': [
    { label: 'by name', call: (api, o) => api.ledger.person.search.query({ q: o.personName }), hidden: (o) => [o.slotId, o.personId] },
    { label: 'by ID number', call: (api, o) => api.ledger.person.search.query({ q: o.entry.idNumber }), hidden: (o) => [o.entry.slotId] },
    { label: 'in a unit out of reach', call: (api, o) => api.ledger.person.search.query({ q: o.personName, organizationId: o.organizationId }), hidden: (o) => [o.slotId, o.personId] },
  ],
  'ledger.person.holders': { call: (api, o) => api.ledger.person.holders.query({ jurisdictionIds: [o.jurisdictionId] }) },
  'ledger.person.importStart': {
    call: async (api, o) => {
      const idNumber = freshIdNumber();
      const contentBase64 = await workbookBase64('实名制名册', [['单位统一社会信用代码', '编制类型', '姓名', '身份证号', '岗位类别'], [o.creditCode, '行政编制', '越权导入', idNumber, '管理岗']]);
      let job = await api.ledger.person.importStart.mutate({ fileName: '越权名册.xlsx', contentBase64, documentNumber: '越权〔2026〕3号' });
      for (let i = 0; i < 50 && (job.state === 'validating' || job.state === 'importing'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        job = await api.ledger.person.importStatus.query({ id: job.id });
      }
      return job;
    },
    keepsOut: (answer) => (answer as { state: string; imported: number }).state === 'failed',
    state: (admin, o) => admin.ledger.person.roll.query({ organizationId: o.organizationId }).then((slots) => slots.length),
  },
  'ledger.person.importStatus': { call: (api, o) => api.ledger.person.importStatus.query({ id: o.rollImportJobId }) },
  'ledger.control.get': { call: (api, o) => api.ledger.control.get.query({ organizationId: o.organizationId, ledger: 'administrative' }) },
  'ledger.control.set': {
    call: (api, o) => api.ledger.control.set.mutate({ organizationId: o.organizationId, ledger: 'administrative', regime: 'growth_cap', overQuota: false }),
    state: (admin, o) => control(admin, o.organizationId),
  },
  'ledger.control.penalize': [
    {
      label: 'a unit out of reach',
      call: (api, o) => api.ledger.control.penalize.mutate({ id: crypto.randomUUID(), organizationId: o.organizationId, ledger: 'administrative', mode: 'freeze', amount: 1, documentNumber: '越权〔2026〕4号', reason: '越权处罚' }),
      state: (admin, o) => control(admin, o.organizationId),
    },
    {
      // A penalty's id is the client's: repeating one must not answer with the penalty recorded.
      label: 'repeating a penalty recorded out of reach',
      call: (api, o) => api.ledger.control.penalize.mutate({ ...o.penalty, ledger: 'administrative', documentNumber: '越权〔2026〕4号', reason: '越权处罚' }),
      hidden: (o) => [o.penalty.id],
    },
  ],
  'ledger.control.lift': { call: (api, o) => api.ledger.control.lift.mutate({ id: o.penalty.id }), state: (admin, o) => control(admin, o.penalty.organizationId) },
  'ledger.auxiliary.add': {
    call: (api, o) => api.ledger.auxiliary.add.mutate({ id: crypto.randomUUID(), organizationId: o.organizationId, kind: 'temporary', name: '越权编外', idNumber: freshIdNumber(), post: '越权', funding: 'self_raised', startedOn: today() }),
    state: (admin, o) => staffOf(admin, o.organizationId),
  },
  'ledger.auxiliary.end': { call: (api, o) => api.ledger.auxiliary.end.mutate({ id: crypto.randomUUID(), staffId: o.workforce.staffId }), state: (admin, o) => staffOf(admin, o.workforce.organizationId) },
  'ledger.auxiliary.list': { call: (api, o) => api.ledger.auxiliary.list.query({ organizationId: o.organizationId, includeEnded: true }) },
  'ledger.auxiliary.exportXlsx': { call: (api, o) => api.ledger.auxiliary.exportXlsx.query({ organizationId: o.organizationId, includeEnded: true }) },
  'ledger.auxiliary.importStart': {
    call: async (api, o) =>
      api.ledger.auxiliary.importStart.mutate({
        organizationId: o.organizationId,
        fileName: '越权编外.xlsx',
        contentBase64: await workbookBase64('编外人员', [['类别', '姓名', '身份证号', '岗位', '经费来源', '到岗日期'], ['临时人员', '越权导入', freshIdNumber(), '越权', '自筹', today()]]),
      }),
    state: (admin, o) => staffOf(admin, o.organizationId),
  },
  'ledger.auxiliary.importStatus': { call: (api, o) => api.ledger.auxiliary.importStatus.query({ id: o.workforce.importJobId }) },
  'ledger.auxiliary.holders': { call: (api, o) => api.ledger.auxiliary.holders.query({ jurisdictionIds: [o.jurisdictionId] }) },
  'ledger.purchase.add': {
    call: (api, o) => api.ledger.purchase.add.mutate({ id: crypto.randomUUID(), organizationId: o.organizationId, function: 'catering', provider: '越权餐饮', headcount: 1, amount: 1, startsOn: today(), endsOn: nextYear() }),
    state: (admin, o) => contractsOf(admin, o.organizationId),
  },
  'ledger.purchase.end': { call: (api, o) => api.ledger.purchase.end.mutate({ id: crypto.randomUUID(), contractId: o.workforce.contractId }), state: (admin, o) => contractsOf(admin, o.workforce.organizationId) },
  'ledger.purchase.list': { call: (api, o) => api.ledger.purchase.list.query({ organizationId: o.organizationId, includeEnded: true }) },
  'ledger.purchase.exportXlsx': { call: (api, o) => api.ledger.purchase.exportXlsx.query({ organizationId: o.organizationId, includeEnded: true }) },
  'ledger.workforce.totals': [
    { label: 'of a jurisdiction out of reach', call: (api, o) => api.ledger.workforce.totals.query({ jurisdictionId: o.jurisdictionId }) },
    { label: 'of a unit out of reach', call: (api, o) => api.ledger.workforce.totals.query({ organizationId: o.organizationId }) },
    { label: 'the caller’s own scope', call: (api) => api.ledger.workforce.totals.query({}), hidden: (o) => [o.organizationId] },
  ],
  'ledger.workforce.totalsXlsx': { call: (api, o) => api.ledger.workforce.totalsXlsx.query({ jurisdictionId: o.jurisdictionId }) },
  'ledger.workforce.monthly': { call: (api, o) => api.ledger.workforce.monthly.query({ month: thisMonth(), jurisdictionId: o.jurisdictionId }) },
  'ledger.workforce.monthlyXlsx': { call: (api, o) => api.ledger.workforce.monthlyXlsx.query({ month: thisMonth(), jurisdictionId: o.jurisdictionId }) },
  'ledger.leadership.list': { call: (api, o) => api.ledger.leadership.list.query({ organizationId: o.organizationId }) },
  'ledger.leadership.setPosts': { call: (api, o) => api.ledger.leadership.setPosts.mutate({ organizationId: o.organizationId, rank: 'deputy', posts: 9 }), state: (admin, o) => leadership(admin, o.organizationId) },
  'ledger.leadership.appoint': [
    {
      label: 'in a unit out of reach',
      call: (api, o) => api.ledger.leadership.appoint.mutate({ id: crypto.randomUUID(), organizationId: o.organizationId, rank: 'dept_deputy', slotId: o.slotId, title: '越权任命', beyondPosts: { reason: '越权' } }),
      state: (admin, o) => leadership(admin, o.organizationId),
    },
    {
      label: 'a person out of reach in own unit',
      call: (api, o, own) => api.ledger.leadership.appoint.mutate({ id: crypto.randomUUID(), organizationId: own.organizationId, rank: 'dept_deputy', slotId: o.slotId, title: '越权任命', beyondPosts: { reason: '越权' } }),
      state: (admin, _o, own) => leadership(admin, own.organizationId),
    },
  ],
  'ledger.leadership.remove': { call: (api, o) => api.ledger.leadership.remove.mutate({ id: o.appointment.id }), state: (admin, o) => leadership(admin, o.appointment.organizationId) },
  'ledger.leadership.postsOf': { call: (api, o) => api.ledger.leadership.postsOf.query({ organizationIds: [o.organizationId] }) },
  'ledger.stats.monthly': { call: (api, o) => api.ledger.stats.monthly.query({ month: thisMonth(), jurisdictionId: o.jurisdictionId }) },
  'ledger.stats.monthlyXlsx': { call: (api, o) => api.ledger.stats.monthlyXlsx.query({ month: thisMonth(), jurisdictionId: o.jurisdictionId }) },
  'ledger.plan.file': [
    {
      label: 'for a unit out of reach',
      call: (api, o) => api.ledger.plan.file.mutate({ id: crypto.randomUUID(), organizationId: o.organizationId, ledger: 'administrative', places: 1, endsOn: nextYear(), reason: '越权申报' }),
      state: (admin, o) => plans(admin, o.organizationId),
    },
    {
      label: 'repeating a plan filed out of reach',
      call: (api, o) => api.ledger.plan.file.mutate({ id: o.filedPlanId, organizationId: o.organizationId, ledger: 'administrative', places: 1, endsOn: nextYear(), reason: '越权申报' }),
      hidden: (o) => [o.filedPlanId],
    },
  ],
  'ledger.plan.cancel': [
    { label: 'a filed plan', call: (api, o) => api.ledger.plan.cancel.mutate({ id: o.filedPlanId }), state: knownPlans },
    { label: 'an approved plan', call: (api, o) => api.ledger.plan.cancel.mutate({ id: o.approvedPlanId }), state: knownPlans },
  ],
  'ledger.plan.approve': { call: (api, o) => api.ledger.plan.approve.mutate({ id: o.filedPlanId }), state: knownPlans },
  'ledger.plan.get': { call: (api, o) => api.ledger.plan.get.query({ id: o.filedPlanId }) },
  'ledger.plan.check': { call: (api, o) => api.ledger.plan.check.query({ id: o.filedPlanId }) },
  'ledger.plan.reject': { call: (api, o) => api.ledger.plan.reject.mutate({ id: o.filedPlanId }), state: knownPlans },
  'ledger.plan.list': [
    { label: 'of a unit out of reach', call: (api, o) => api.ledger.plan.list.query({ organizationId: o.organizationId }), hidden: (o) => [o.filedPlanId, o.approvedPlanId] },
    { label: 'all', call: (api) => api.ledger.plan.list.query({}), hidden: (o) => [o.filedPlanId, o.approvedPlanId] },
  ],
  'ledger.reform.execute': {
    call: (api, o, own) =>
      api.ledger.reform.execute.mutate({ id: crypto.randomUUID(), projectId: '越权', documentNumber: '越权〔2026〕5号', moves: [{ ledger: 'administrative', from: { organizationId: o.organizationId, kind: 'vacant' }, to: { organizationId: own.organizationId, kind: 'vacant' }, amount: 1, code: 'transfer' }] }),
    state: bothAccounts,
  },
  'ledger.reform.reverse': { call: (api) => api.ledger.reform.reverse.mutate({ id: crypto.randomUUID(), stepId: crypto.randomUUID(), documentNumber: '越权〔2026〕6号' }) },
  'ledger.reform.people': { call: (api, o) => api.ledger.reform.people.query({ personIds: [o.personId] }) },
  'ledger.reform.snapshot': { call: (api, o) => api.ledger.reform.snapshot.query({ organizationIds: [o.organizationId], jurisdictionIds: [o.jurisdictionId] }) },
  'analysis.dashboard.summary': { call: (api, o) => api.analysis.dashboard.summary.query({ jurisdictionId: o.jurisdictionId }) },
  'analysis.dashboard.drilldown': { call: (api, o) => api.analysis.dashboard.drilldown.query({ jurisdictionId: o.jurisdictionId }) },
  'analysis.dashboard.trend': { call: (api, o) => api.analysis.dashboard.trend.query({ jurisdictionId: o.jurisdictionId }) },
  'analysis.retirement.forecast': [
    { label: 'of a jurisdiction out of reach', call: (api, o) => api.analysis.retirement.forecast.query({ jurisdictionId: o.jurisdictionId }) },
    { label: 'of a unit out of reach', call: (api, o) => api.analysis.retirement.forecast.query({ organizationId: o.organizationId, years: 10 }), hidden: (o) => [o.organizationId] },
  ],
  'analysis.retirement.nextMonth': { call: (api, o) => api.analysis.retirement.nextMonth.query({ jurisdictionId: o.jurisdictionId }) },
  'analysis.dormant.list': { call: (api, o) => api.analysis.dormant.list.query({ jurisdictionId: o.jurisdictionId }) },
  'analysis.posts.import': {
    call: (api, o) => api.analysis.posts.import.mutate({ fileName: '越权岗位.csv', contentBase64: csvBase64([['单位名称', '管理岗位', '专业技术岗位', '工勤技能岗位'], [o.unitName, '1', '2', '3']]) }),
    alsoRefusedWith: ['IMPORT_INVALID'],
    state: (admin, o) => admin.analysis.posts.compare.query({}).then((rows) => rows.find((r) => r.organizationId === o.organizationId)?.posts ?? null),
  },
  'analysis.posts.compare': { call: (api, o) => api.analysis.posts.compare.query({ jurisdictionId: o.jurisdictionId }) },
  'analysis.demand.submit': {
    call: (api, o) => api.analysis.demand.submit.mutate({ id: crypto.randomUUID(), organizationId: o.organizationId, year: PROBE_YEAR, ledger: 'administrative', places: 1, reason: '越权申报' }),
    state: (admin, o) => demand(admin, o),
  },
  'analysis.demand.list': [
    { label: 'of a jurisdiction out of reach', call: (api, o) => api.analysis.demand.list.query({ year: PROBE_YEAR, jurisdictionId: o.jurisdictionId }) },
    { label: 'all', call: (api) => api.analysis.demand.list.query({ year: PROBE_YEAR }), hidden: (o) => [o.demandId] },
  ],
  'analysis.demand.decide': { call: (api, o) => api.analysis.demand.decide.mutate({ id: o.demandId, granted: 1 }), state: (admin, o) => demand(admin, o) },
  'ledger.indicator.get': { call: (api, o) => api.ledger.indicator.get.query({ organizationId: o.organizationId }) },
  'ledger.indicator.set': {
    call: (api, o) => api.ledger.indicator.set.mutate({ organizationId: o.organizationId, values: [{ indicator: 'beds', value: 9999 }], effectiveDate: today() }),
    state: (admin, o) => indicators(admin, o.organizationId),
  },
  'ledger.indicator.import': {
    call: (api, o) => api.ledger.indicator.import.mutate({ fileName: '越权指标.csv', contentBase64: csvBase64([['单位名称', '核定床位数'], [o.unitName, '9999']]), effectiveDate: today() }),
    alsoRefusedWith: ['IMPORT_INVALID'],
    state: (admin, o) => indicators(admin, o.organizationId),
  },
  'ledger.standard.unit': { call: (api, o) => api.ledger.standard.unit.query({ organizationId: o.organizationId }) },
  'ledger.standard.assign': {
    call: (api, o) => api.ledger.standard.assign.mutate({ organizationId: o.organizationId, standardId: null }),
    state: (admin, o) => admin.ledger.standard.unit.query({ organizationId: o.organizationId }).then((u) => u.standard),
  },
  'analysis.standards.gap': [
    { label: 'another jurisdiction', call: (api, o) => api.analysis.standards.gap.query({ jurisdictionId: o.jurisdictionId }) },
    { label: 'the caller’s own subtree', call: (api) => api.analysis.standards.gap.query({}), hidden: (o) => [o.organizationId] },
  ],
  'analysis.standards.exportXlsx': { call: (api, o) => api.analysis.standards.exportXlsx.query({ jurisdictionId: o.jurisdictionId }) },
  'analysis.report.monthly': { call: (api, o) => api.analysis.report.monthly.query({ month: thisMonth(), jurisdictionId: o.jurisdictionId, format: 'xlsx' }) },
};
