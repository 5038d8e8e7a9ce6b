import type { BianzhiClient } from '@bianzhi/client';
import type { ObjectCase } from './probe.js';
import { PROBE_YEAR } from './probe.js';
import { csvBase64 } from './files.js';

// 机构编制评估 and 考核 (audit.evaluation.*, audit.assessment.*): an evaluation of another district's
// unit, and the assessment scores of subjects out of reach.
const evaluation = (admin: BianzhiClient, id: string) => admin.audit.evaluation.get.query({ id }).then(({ state, workload, score, conclusion, matterId }) => ({ state, workload, score: score?.total ?? null, conclusion, matterId }));
const evaluationsOf = (admin: BianzhiClient, organizationId: string) => admin.audit.evaluation.list.query({ organizationId }).then((list) => list.map((e) => e.id));
const years = (admin: BianzhiClient) => admin.audit.assessment.years.query();
const conclusion = { kind: 'cut' as const, ledger: 'administrative' as const, amount: 1, reason: '越权结论' };

export const evaluationCases: Record<string, ObjectCase> = {
  'audit.evaluation.list': [
    { label: 'of a unit out of reach', call: (api, o) => api.audit.evaluation.list.query({ organizationId: o.organizationId }), hidden: (o) => [o.evaluationId] },
    { label: 'all', call: (api) => api.audit.evaluation.list.query({}), hidden: (o) => [o.evaluationId] },
  ],
  'audit.evaluation.get': { call: (api, o) => api.audit.evaluation.get.query({ id: o.evaluationId }) },
  'audit.evaluation.export': { call: (api, o) => api.audit.evaluation.export.query({ organizationId: o.organizationId }), keepsOut: (answer) => (answer as { rows: number }).rows === 0 },
  'audit.evaluation.create': {
    call: (api, o) => api.audit.evaluation.create.mutate({ id: crypto.randomUUID(), organizationId: o.organizationId, year: PROBE_YEAR, title: '越权评估' }),
    state: (admin, o) => evaluationsOf(admin, o.organizationId),
  },
  'audit.evaluation.setWorkload': {
    call: (api, o) => api.audit.evaluation.setWorkload.mutate({ id: o.evaluationId, workload: [{ name: '越权指标', unit: '件', previous: 1, current: 0 }] }),
    state: (admin, o) => evaluation(admin, o.evaluationId),
  },
  'audit.evaluation.importWorkload': {
    call: (api, o) => api.audit.evaluation.importWorkload.mutate({ id: o.evaluationId, fileName: '越权工作量.csv', contentBase64: csvBase64([['指标名称', '计量单位', '上年数', '本年数'], ['越权指标', '件', '1', '0']]) }),
    state: (admin, o) => evaluation(admin, o.evaluationId),
  },
  'audit.evaluation.score': { call: (api, o) => api.audit.evaluation.score.mutate({ id: o.evaluationId }), state: (admin, o) => evaluation(admin, o.evaluationId) },
  'audit.evaluation.conclude': { call: (api, o) => api.audit.evaluation.conclude.mutate({ id: o.evaluationId, conclusion }), state: (admin, o) => evaluation(admin, o.evaluationId) },
  'audit.evaluation.forMatter': { call: (api, o) => api.audit.evaluation.forMatter.query({ id: o.evaluationId, filerJurisdictionIds: null, matterId: crypto.randomUUID() }) },
  'audit.evaluation.applyConclusion': {
    call: (api, o) => api.audit.evaluation.applyConclusion.mutate({ id: o.evaluationId, matterId: crypto.randomUUID(), documentNumber: '越权文号', conclusion }),
    state: (admin, o) => evaluation(admin, o.evaluationId),
  },
  // The fixture publishes the probe year's assessment with a score for each set's unit.
  'audit.assessment.get': { call: (api) => api.audit.assessment.get.query({ year: PROBE_YEAR }), hidden: (o) => [o.organizationId] },
  'audit.assessment.export': { call: (api) => api.audit.assessment.export.query({ year: PROBE_YEAR }), keepsOut: (answer, o) => !(answer as { subjectIds: string[] }).subjectIds.includes(o.organizationId) },
  'audit.assessment.setSheet': {
    call: (api) => api.audit.assessment.setSheet.mutate({ year: PROBE_YEAR, items: [{ key: 'probe', name: '越权项目', weight: 100, source: 'entered', evidence: '越权' }] }),
    state: (admin) => years(admin),
  },
  'audit.assessment.score': {
    call: (api, o) => api.audit.assessment.score.mutate({ year: PROBE_YEAR, subject: { kind: 'organization', id: o.organizationId }, entered: { probe: { score: 0, evidence: '越权评分' } } }),
    state: (admin) => admin.audit.assessment.get.query({ year: PROBE_YEAR }).then((a) => a.scores.map((s) => [s.subjectId, s.total, s.scoredAt])),
  },
  'audit.assessment.review': { call: (api) => api.audit.assessment.review.mutate({ year: PROBE_YEAR }), state: (admin) => years(admin) },
  'audit.assessment.publish': { call: (api) => api.audit.assessment.publish.mutate({ year: PROBE_YEAR }), state: (admin) => years(admin) },
};
