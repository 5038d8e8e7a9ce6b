import type { BianzhiClient } from '@bianzhi/client';
import type { ObjectCase } from './probe.js';

// 实名制公示 (audit.namedRoll.*, ledger.namedRoll.*): the classified-post flag of another district's
// roll entry, the switch of a jurisdiction out of reach, and the platform's own procedures.
const flagOf = (admin: BianzhiClient, organizationId: string, slotId: string) => admin.ledger.person.roll.query({ organizationId }).then((roll) => roll.find((s) => s.id === slotId)?.classifiedPost ?? null);
const settings = (admin: BianzhiClient) => admin.audit.namedRoll.settings.query().then((list) => list.map((s) => [s.jurisdictionId, s.enabled, s.matterId]));

export const namedRollCases: Record<string, ObjectCase> = {
  'ledger.namedRoll.setClassifiedPost': {
    call: (api, o) => api.ledger.namedRoll.setClassifiedPost.mutate({ slotId: o.slotId, classifiedPost: true }),
    state: (admin, o) => flagOf(admin, o.organizationId, o.slotId),
  },
  'ledger.namedRoll.publicRoll': { call: (api, o) => api.ledger.namedRoll.publicRoll.query({ organizationIds: [o.organizationId] }) },
  'audit.namedRoll.settings': { call: (api) => api.audit.namedRoll.settings.query(), hidden: (o) => [o.jurisdictionId] },
  'audit.namedRoll.forMatter': { call: (api, o) => api.audit.namedRoll.forMatter.query({ jurisdictionId: o.jurisdictionId }) },
  'audit.namedRoll.applySetting': {
    call: (api, o) => api.audit.namedRoll.applySetting.mutate({ jurisdictionId: o.jurisdictionId, enabled: true, matterId: crypto.randomUUID(), documentNumber: '越权文号' }),
    state: (admin) => settings(admin),
  },
};
