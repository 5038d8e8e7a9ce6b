import type { BianzhiClient } from '@bianzhi/client';
import type { ObjectCase } from './probe.js';
import { nextYear } from './probe.js';

const orderIds = (admin: BianzhiClient, organizationId: string) => admin.audit.timeliness.orders.query({ organizationId }).then((list) => list.map((o) => ({ id: o.id, status: o.status })));

/** 及时公开 (issue 25, part P2): another jurisdiction's units' changes and correction orders are neither seen nor ordered. */
export const disclosureTimelinessCases: Record<string, ObjectCase> = {
  'audit.timeliness.changes': [
    { label: 'of a unit out of reach', call: (api, o) => api.audit.timeliness.changes.query({ organizationId: o.organizationId }) },
    { label: 'of a jurisdiction out of reach', call: (api, o) => api.audit.timeliness.changes.query({ jurisdictionId: o.jurisdictionId }) },
    { label: 'all', call: (api) => api.audit.timeliness.changes.query({}), hidden: (o) => [o.organizationId] },
  ],
  'audit.timeliness.orders': [
    { label: 'of a unit out of reach', call: (api, o) => api.audit.timeliness.orders.query({ organizationId: o.organizationId }) },
    // No object set carries a correction order (an order needs a late change, which a fresh set has not had time
    // to become), so "all" cannot be probed for a leak here; it is the same jurisdiction clause as the changes' "all".
  ],
  'audit.timeliness.issueOrder': {
    label: 'to a unit out of reach',
    call: (api, o) => api.audit.timeliness.issueOrder.mutate({ organizationId: o.organizationId, requirement: '越权责令补正', deadline: nextYear() }),
    state: (admin, o) => orderIds(admin, o.organizationId),
  },
};
