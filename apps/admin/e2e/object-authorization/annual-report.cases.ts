import type { ObjectCase } from './probe.js';

/** 统计年报 (docs/analysis.md): the return of a jurisdiction out of reach, and the registry's counts behind it. */
const lastYear = () => new Date().getFullYear() - 1;

export const annualReportCases: Record<string, ObjectCase> = {
  'analysis.annual.report': { call: (api, o) => api.analysis.annual.report.query({ year: lastYear(), jurisdictionId: o.jurisdictionId }) },
  'analysis.annual.export': { call: (api, o) => api.analysis.annual.export.query({ year: lastYear(), jurisdictionId: o.jurisdictionId, format: 'xlsx' }) },
  // A department user counts only their own unit: below another jurisdiction of the district, nothing.
  'registry.organization.statistics': { call: (api, o) => api.registry.organization.statistics.query({ asOf: `${lastYear()}-12-31`, jurisdictionId: o.jurisdictionId }), keepsOut: (answer) => (answer as unknown[]).length === 0 },
};
