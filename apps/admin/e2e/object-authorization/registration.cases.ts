import type { BianzhiClient } from '@bianzhi/client';
import type { ObjectCase } from './probe.js';

/** 事业单位法人登记 and 章程 (docs/registry.md): an institution of the set's jurisdiction with an active registration. */
const registrationState = (admin: BianzhiClient, organizationId: string) =>
  admin.registry.registration.unit.query({ organizationId }).then((u) => [u.registration?.status, u.registration?.version, u.registration?.representative, u.reports.map((r) => [r.year, r.summary, r.publishedAt !== null]), u.charters.map((c) => c.version)]);
const particulars = (name: string) => ({ name, domicile: '越权路1号', representative: '越权代表', fundsWan: 1, businessScope: '越权', certificateNumber: `越权证${name}`, validFrom: '2025-01-01', validUntil: '2030-12-31' });
const lastYear = () => new Date().getFullYear() - 1;

export const registrationCases: Record<string, ObjectCase> = {
  'registry.registration.overview': [
    { label: 'the whole scope', call: (api) => api.registry.registration.overview.query({}), hidden: (o) => [o.registeredUnitId] },
    { label: 'the jurisdiction of the unit out of reach', call: (api, o) => api.registry.registration.overview.query({ jurisdictionId: o.jurisdictionId }), hidden: (o) => [o.registeredUnitId] },
  ],
  'registry.registration.unit': { call: (api, o) => api.registry.registration.unit.query({ organizationId: o.registeredUnitId }) },
  'registry.registration.establish': {
    call: (api, o) => api.registry.registration.establish.mutate({ organizationId: o.registeredUnitId, effectiveDate: '2025-01-01', expectedVersion: 0, particulars: particulars('越权设立') }),
    state: (admin, o) => registrationState(admin, o.registeredUnitId),
  },
  'registry.registration.change': {
    call: (api, o) => api.registry.registration.change.mutate({ organizationId: o.registeredUnitId, effectiveDate: '2026-01-01', expectedVersion: 1, particulars: particulars('越权变更') }),
    state: (admin, o) => registrationState(admin, o.registeredUnitId),
  },
  'registry.registration.cancel': {
    call: (api, o) => api.registry.registration.cancel.mutate({ organizationId: o.registeredUnitId, effectiveDate: '2026-01-01', expectedVersion: 1, reason: '越权注销' }),
    state: (admin, o) => registrationState(admin, o.registeredUnitId),
  },
  'registry.registration.fileReport': {
    call: (api, o) => api.registry.registration.fileReport.mutate({ organizationId: o.registeredUnitId, year: lastYear(), summary: '越权报送' }),
    state: (admin, o) => registrationState(admin, o.registeredUnitId),
  },
  'registry.registration.publishReport': {
    call: (api, o) => api.registry.registration.publishReport.mutate({ organizationId: o.registeredUnitId, year: lastYear() }),
    state: (admin, o) => registrationState(admin, o.registeredUnitId),
  },
  'registry.charter.check': { call: (api, o) => api.registry.charter.check.query({ organizationId: o.registeredUnitId }) },
  'registry.charter.record': {
    call: (api, o) => api.registry.charter.record.mutate({ matterId: crypto.randomUUID(), documentNumber: '越权〔2026〕1号', charter: { organizationId: o.registeredUnitId, basedOnVersion: 0, purpose: '越权', businessScope: '越权', governance: '越权' } }),
    state: (admin, o) => registrationState(admin, o.registeredUnitId),
  },
};
