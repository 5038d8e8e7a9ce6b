import type { BianzhiClient } from '@bianzhi/client';
import type { ObjectCase } from './probe.js';
import { nextYear } from './probe.js';
import { today } from './files.js';

const entries = (admin: BianzhiClient, jurisdictionId: string) => admin.ledger.monitoring.list.query({ jurisdictionId }).then((list) => list.units.map((u) => ({ id: u.organizationId, entry: u.entry })));
const targets = (admin: BianzhiClient, organizationId: string) => admin.ledger.target.list.query({ organizationId }).then((list) => list.map(({ id, flaggedAt, violationId, quarters }) => ({ id, flaggedAt, violationId, quarters })));
const violations = (admin: BianzhiClient, organizationId: string) => admin.audit.violation.list.query({ organizationId, limit: 500 }).then((list) => list.map((v) => v.id));
const lastQuarterEnd = () => `${new Date().getFullYear() - 1}-12-31`;
const target = { ledger: 'administrative' as const, measure: 'quota' as const, amount: 1, startDate: today(), deadline: nextYear(), basisDocument: '越权减编方案' };

/** Reduction targets and quarterly monitoring (issue 23, part A): another jurisdiction's target and watch list are neither seen nor touched. */
export const reductionCases: Record<string, ObjectCase> = {
  'ledger.target.list': [
    { label: 'of a jurisdiction out of reach', call: (api, o) => api.ledger.target.list.query({ jurisdictionId: o.reduction.jurisdictionId }), hidden: (o) => [o.reduction.targetId] },
    { label: 'of a unit out of reach', call: (api, o) => api.ledger.target.list.query({ organizationId: o.organizationId }), hidden: (o) => [o.reduction.targetId] },
    { label: 'all', call: (api) => api.ledger.target.list.query({}), hidden: (o) => [o.reduction.targetId] },
  ],
  'ledger.target.get': { call: (api, o) => api.ledger.target.get.query({ id: o.reduction.targetId }) },
  'ledger.target.check': [
    { label: 'a unit out of reach', call: (api, o) => api.ledger.target.check.query({ ...target, organizationId: o.organizationId }) },
    { label: 'a jurisdiction out of reach', call: (api, o) => api.ledger.target.check.query({ ...target, jurisdictionId: o.jurisdictionId }) },
  ],
  // The platform's alone: refused by permission to every person, whatever the object.
  'ledger.target.record': { call: (api, o) => api.ledger.target.record.mutate({ id: crypto.randomUUID(), title: '越权下达', target: { ...target, organizationId: o.organizationId } }), state: (admin, o) => targets(admin, o.organizationId) },
  'ledger.target.freeze': { call: (api, o) => api.ledger.target.freeze.mutate({ id: o.reduction.targetId, day: lastQuarterEnd() }), state: (admin, o) => targets(admin, o.organizationId) },
  'ledger.target.linkViolation': { call: (api, o) => api.ledger.target.linkViolation.mutate({ id: o.reduction.targetId, violationId: o.violationId }), state: (admin, o) => targets(admin, o.organizationId) },
  'ledger.monitoring.freeze': { call: (api, o) => api.ledger.monitoring.freeze.mutate({ jurisdictionId: o.jurisdictionId, quarter: `${new Date().getFullYear() - 1}Q4` }), state: (admin, o) => admin.ledger.monitoring.list.query({ jurisdictionId: o.jurisdictionId, quarter: `${new Date().getFullYear() - 1}Q4` }).then((l) => l.frozen) },
  'audit.violation.openForTarget': {
    call: (api, o) => api.audit.violation.openForTarget.mutate({ targetId: o.reduction.targetId, organizationId: o.organizationId, title: '越权开具', deadline: lastQuarterEnd(), amount: 1, remaining: 1 }),
    state: (admin, o) => violations(admin, o.organizationId),
  },
  'ledger.monitoring.list': { call: (api, o) => api.ledger.monitoring.list.query({ jurisdictionId: o.jurisdictionId }) },
  'ledger.monitoring.report': { call: (api, o) => api.ledger.monitoring.report.query({ jurisdictionId: o.jurisdictionId, quarter: `${today().slice(0, 4)}Q4`, format: 'xlsx' }) },
  'ledger.monitoring.add': { call: (api, o) => api.ledger.monitoring.add.mutate({ organizationId: o.organizationId, reason: 'by_hand', note: '越权列入' }), state: (admin, o) => entries(admin, o.jurisdictionId) },
  'ledger.monitoring.remove': { call: (api, o) => api.ledger.monitoring.remove.mutate({ id: o.reduction.watchId, note: '越权移出' }), state: (admin, o) => entries(admin, o.jurisdictionId) },
};
