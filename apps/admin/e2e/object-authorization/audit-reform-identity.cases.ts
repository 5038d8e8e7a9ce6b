import type { BianzhiClient } from '@bianzhi/client';
import type { ObjectCase } from './probe.js';
import { nextYear } from './probe.js';
import { csvBase64, freshIdNumber, thisMonth, today } from './files.js';

const stamp = Date.now().toString(36);
const violation = (admin: BianzhiClient, id: string) => admin.audit.violation.get.query({ id }).then(({ status, rectification, deadline, conclusion, evidence }) => ({ status, rectification, deadline, conclusion, evidence: evidence.length }));
const violationIds = (admin: BianzhiClient, organizationId: string) => admin.audit.violation.list.query({ organizationId }).then((list) => list.map((v) => v.id));
const user = (admin: BianzhiClient, id: string) => admin.identity.user.get.query({ id }).then(({ role, jurisdictionId, organizationId, disabled, locked }) => ({ role, jurisdictionId, organizationId, disabled, locked }));
const usersNamed = (admin: BianzhiClient, search: string) => admin.identity.user.list.query({ search }).then((list) => list.map((u) => u.id));
const tokensOf = (admin: BianzhiClient, userId: string) => admin.identity.token.list.query().then((list) => list.filter((t) => t.userId === userId).map(({ id, revokedAt }) => ({ id, revokedAt })));
/** A run's progress, or that it does not exist: reading one that does not must not fail the state read. */
const project = (admin: BianzhiClient, id: string) => admin.reform.project.get.query({ id }).then((p) => ({ stage: p.stage, decisions: p.decisions.length, placements: p.placements, documents: p.documents.length, plan: p.plan }), () => 'absent');
const decision = () => ({ decisionId: `越权决定-${crypto.randomUUID()}`, note: '越权' });
const abolition = (organizationId: string) => ({ kind: 'abolition' as const, organizationIds: [organizationId] });
const newUserName = (tag: string, jurisdictionId: string) => `yq-${tag}-${jurisdictionId.slice(0, 6)}-${stamp}`;
const password = 'Matrix-Probe-2026!';

export const auditCases: Record<string, ObjectCase> = {
  'audit.log.ingest': {
    call: (api, o) =>
      api.audit.log.ingest.mutate({
        events: [{ id: crypto.randomUUID(), source: 'audit', type: 'audit.forged', aggregateType: 'organization', aggregateId: o.organizationId, jurisdictionId: o.jurisdictionId, actor: { kind: 'user', id: 'forger' }, payload: {}, occurredAt: new Date().toISOString() }],
      }),
    state: (admin, o) => admin.audit.log.list.query({ aggregateId: o.organizationId, eventType: 'audit.forged' }),
  },
  'audit.log.list': [
    { label: 'about a unit out of reach', call: (api, o) => api.audit.log.list.query({ organizationId: o.organizationId }), hidden: (o) => [o.organizationId] },
    { label: 'by aggregate', call: (api, o) => api.audit.log.list.query({ aggregateId: o.violationId }), hidden: (o) => [o.violationId] },
  ],
  'audit.log.export': { call: (api, o) => api.audit.log.export.query({ organizationId: o.organizationId }), keepsOut: (answer) => (answer as { rows: number }).rows === 0 },
  'audit.violation.open': [
    {
      label: 'on a unit out of reach',
      call: (api, o) => api.audit.violation.open.mutate({ organizationId: o.organizationId, kind: 'other', title: '越权登记问题', deadline: nextYear() }),
      state: (admin, o) => violationIds(admin, o.organizationId),
    },
    {
      label: 'on own unit, citing a finding out of reach',
      call: (api, o, own) => api.audit.violation.open.mutate({ organizationId: own.organizationId, kind: 'other', title: '越权引用比对结果', deadline: nextYear(), findingId: o.findingId }),
      state: (admin, _o, own) => violationIds(admin, own.organizationId),
    },
  ],
  'audit.violation.update': { call: (api, o) => api.audit.violation.update.mutate({ id: o.violationId, rectification: '越权整改报告' }), state: (admin, o) => violation(admin, o.violationId) },
  'audit.violation.close': { call: (api, o) => api.audit.violation.close.mutate({ id: o.violationId, conclusion: '越权销号' }), state: (admin, o) => violation(admin, o.violationId) },
  'audit.violation.list': [
    { label: 'of a unit out of reach', call: (api, o) => api.audit.violation.list.query({ organizationId: o.organizationId }), hidden: (o) => [o.violationId] },
    { label: 'all', call: (api) => api.audit.violation.list.query({}), hidden: (o) => [o.violationId] },
  ],
  'audit.violation.get': { call: (api, o) => api.audit.violation.get.query({ id: o.violationId }) },
  'audit.violation.evidence': { call: (api, o) => api.audit.violation.evidence.query({ id: o.evidenceId }) },
  'audit.linkage.isBlocked': { call: (api, o) => api.audit.linkage.isBlocked.query({ organizationId: o.organizationId }) },
  'audit.linkage.openByUnit': { call: (api, o) => api.audit.linkage.openByUnit.query({ organizationIds: [o.organizationId] }) },
  'audit.crosscheck.import': {
    call: (api, o) => api.audit.crosscheck.import.mutate({ kind: 'payroll', month: thisMonth(), fileName: '越权工资.csv', contentBase64: csvBase64([['身份证号', '姓名', '单位'], [freshIdNumber(), '越权比对', o.unitName]]) }),
    alsoRefusedWith: ['IMPORT_INVALID'],
    mutates: true,
  },
  'audit.crosscheck.run': { call: (api, o) => api.audit.crosscheck.run.mutate({ payrollBatchId: o.payrollBatchId }), mutates: true },
  'audit.crosscheck.status': { call: (api, o) => api.audit.crosscheck.status.query({ id: o.crosscheckRunId }) },
  'audit.crosscheck.findings': { call: (api, o) => api.audit.crosscheck.findings.query({ runId: o.crosscheckRunId }) },
  'audit.crosscheck.toViolation': {
    call: (api, o) => api.audit.crosscheck.toViolation.mutate({ findingId: o.findingId, deadline: nextYear() }),
    state: (admin, o) => admin.audit.crosscheck.findings.query({ runId: o.crosscheckRunId }).then((f) => f.items.map((i) => [i.id, i.violationId])),
  },
  'audit.report.department': { call: (api, o) => api.audit.report.department.query({ organizationId: o.organizationId, from: `${today().slice(0, 4)}-01-01`, to: today(), format: 'xlsx' }) },
};

export const reformCases: Record<string, ObjectCase> = {
  'reform.establishment.get': { call: (api, o) => api.reform.establishment.get.query({ requestId: o.establishment.requestId }) },
  'reform.establishment.list': [
    { label: 'of the run’s jurisdiction', call: (api, o) => api.reform.establishment.list.query({ jurisdictionId: o.establishment.jurisdictionId }), hidden: (o) => [o.establishment.requestId] },
    { label: 'all', call: (api) => api.reform.establishment.list.query({}), hidden: (o) => [o.establishment.requestId] },
  ],
  'reform.project.create': [
    {
      label: 'in a jurisdiction out of reach',
      call: (api, o) => api.reform.project.create.mutate({ id: `越权改革-${o.jurisdictionId}-${stamp}`, title: '越权改革', jurisdictionId: o.jurisdictionId, documentNumber: '越权〔2026〕7号', plan: abolition(o.organizationId) }),
      state: (admin, o) => project(admin, `越权改革-${o.jurisdictionId}-${stamp}`),
    },
    {
      label: 'in own jurisdiction, on a unit out of reach',
      call: (api, o, own) => api.reform.project.create.mutate({ id: `越权改革-${o.organizationId}-${stamp}`, title: '越权改革', jurisdictionId: own.jurisdictionId, documentNumber: '越权〔2026〕7号', plan: abolition(o.organizationId) }),
      state: (admin, o) => project(admin, `越权改革-${o.organizationId}-${stamp}`),
    },
  ],
  'reform.project.preview': [
    { label: 'in a jurisdiction out of reach', call: (api, o) => api.reform.project.preview.query({ jurisdictionId: o.jurisdictionId, plan: abolition(o.organizationId) }) },
    { label: 'in own jurisdiction, on a unit out of reach', call: (api, o, own) => api.reform.project.preview.query({ jurisdictionId: own.jurisdictionId, plan: abolition(o.organizationId) }) },
  ],
  'reform.project.list': [
    { label: 'of the project’s jurisdiction', call: (api, o) => api.reform.project.list.query({ jurisdictionId: o.project.jurisdictionId }), hidden: (o) => [o.project.id] },
    { label: 'all', call: (api) => api.reform.project.list.query({}), hidden: (o) => [o.project.id] },
  ],
  'reform.project.get': { call: (api, o) => api.reform.project.get.query({ id: o.project.id }) },
  'reform.project.approve': { call: (api, o) => api.reform.project.approve.mutate({ id: o.project.id, ...decision() }), state: (admin, o) => project(admin, o.project.id) },
  'reform.project.reject': { call: (api, o) => api.reform.project.reject.mutate({ id: o.project.id, ...decision() }), state: (admin, o) => project(admin, o.project.id) },
  'reform.project.requestChanges': { call: (api, o) => api.reform.project.requestChanges.mutate({ id: o.project.id, ...decision() }), state: (admin, o) => project(admin, o.project.id) },
  'reform.project.revise': {
    call: (api, o, own) => api.reform.project.revise.mutate({ id: o.project.id, ...decision(), plan: abolition(own.organizationId) }),
    state: (admin, o) => project(admin, o.project.id),
  },
  'reform.project.cancel': { call: (api, o) => api.reform.project.cancel.mutate({ id: o.project.id, ...decision() }), state: (admin, o) => project(admin, o.project.id) },
  'reform.project.assignPlacement': {
    call: (api, o, own) => api.reform.project.assignPlacement.mutate({ id: o.project.id, ...decision(), assignments: [{ personId: o.personId, to: own.organizationId }] }),
    state: (admin, o) => project(admin, o.project.id),
  },
  'reform.project.submitDocument': {
    call: (api, o) => api.reform.project.submitDocument.mutate({ id: o.project.id, ...decision(), kind: 'three_determinations', documentNumber: '越权〔2026〕8号', effectiveDate: today(), functions: ['越权'] }),
    state: (admin, o) => project(admin, o.project.id),
  },
};

export const identityCases: Record<string, ObjectCase> = {
  'identity.user.create': [
    {
      label: 'in a jurisdiction out of reach',
      call: (api, o) => api.identity.user.create.mutate({ username: newUserName('j', o.jurisdictionId), name: '越权用户', role: 'inspector', jurisdictionId: o.jurisdictionId, password }),
      state: (admin, o) => usersNamed(admin, newUserName('j', o.jurisdictionId)),
    },
    {
      label: 'in own jurisdiction, bound to a unit out of reach',
      call: (api, o, own) => api.identity.user.create.mutate({ username: newUserName('u', o.organizationId), name: '越权部门用户', role: 'department_user', jurisdictionId: own.jurisdictionId, organizationId: o.organizationId, password }),
      state: (admin, o) => usersNamed(admin, newUserName('u', o.organizationId)),
      // Not found or out of reach, said alike.
      alsoRefusedWith: ['ORGANIZATION_OUTSIDE_JURISDICTION'],
    },
  ],
  'identity.user.list': { call: (api) => api.identity.user.list.query({}), hidden: (o) => [o.user.id, o.serviceUserId, o.disabledUserId] },
  'identity.user.get': { call: (api, o) => api.identity.user.get.query({ id: o.user.id }) },
  'identity.user.disable': { call: (api, o) => api.identity.user.disable.mutate({ id: o.user.id }), state: (admin, o) => user(admin, o.user.id) },
  'identity.user.enable': { call: (api, o) => api.identity.user.enable.mutate({ id: o.disabledUserId }), state: (admin, o) => user(admin, o.disabledUserId) },
  'identity.user.resetPassword': {
    call: (api, o) => api.identity.user.resetPassword.mutate({ id: o.user.id, password: 'Matrix-Reset-2026!' }),
    // The user's own password still signs them in.
    state: (_admin, o, _own, tools) => tools.signInStatus(o.user.username, o.user.password),
  },
  'identity.user.assignRole': [
    { label: 'a user out of reach', call: (api, o, own) => api.identity.user.assignRole.mutate({ id: o.user.id, role: 'inspector', jurisdictionId: own.jurisdictionId }), state: (admin, o) => user(admin, o.user.id) },
    { label: 'own user moved to a jurisdiction out of reach', call: (api, o, own) => api.identity.user.assignRole.mutate({ id: own.userId, role: 'inspector', jurisdictionId: o.jurisdictionId }), state: (admin, _o, own) => user(admin, own.userId) },
    {
      label: 'own user bound to a unit out of reach',
      call: (api, o, own) => api.identity.user.assignRole.mutate({ id: own.userId, role: 'department_user', jurisdictionId: own.jurisdictionId, organizationId: o.organizationId }),
      state: (admin, _o, own) => user(admin, own.userId),
      alsoRefusedWith: ['ORGANIZATION_OUTSIDE_JURISDICTION'],
    },
  ],
  'identity.session.revoke': {
    call: (api, o) => api.identity.session.revoke.mutate({ id: o.sessionId }),
    keepsOut: (answer) => (answer as { revoked: number }).revoked === 0,
    state: (admin) => admin.identity.session.list.query().then((list) => list.map((s) => s.id).sort()),
  },
  'identity.token.create': { call: (api, o) => api.identity.token.create.mutate({ userId: o.serviceUserId, name: '越权令牌', expiresInDays: 1 }), state: (admin, o) => tokensOf(admin, o.serviceUserId) },
  'identity.token.list': { call: (api) => api.identity.token.list.query(), hidden: (o) => [o.tokenId] },
  'identity.token.revoke': { call: (api, o) => api.identity.token.revoke.mutate({ id: o.tokenId }), state: (admin, o) => tokensOf(admin, o.serviceUserId) },
};
