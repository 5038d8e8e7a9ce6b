import type { BianzhiClient } from '@bianzhi/client';
import type { ObjectCase } from './probe.js';

/** Service guides (办事指南), a batch's changes and authority lists (政事权限清单): docs/registry.md. */
const guide = {
  legalBasis: '越权依据',
  conditions: '越权条件',
  materials: ['越权材料'],
  steps: [{ name: '越权受理', actor: '越权窗口', days: 1 }],
  timeLimitDays: 5,
  fees: '不收费',
  contact: '越权电话',
};
const guideState = (admin: BianzhiClient, powerItemId: string) => admin.registry.serviceGuide.get.query({ powerItemId }).then((g) => [g.draft, g.versions.map((v) => v.version)]);
// The unit out of reach may be an organ, which has no authority list: the read then answers that refusal, which the call cannot change either.
const authorityState = (admin: BianzhiClient, organizationId: string) =>
  admin.registry.authorityList.get.query({ organizationId }).then(
    (l) => l.versions.map((v) => [v.version, v.documentNumber]),
    (e: unknown) => `refused: ${(e as Error).message}`,
  );

export const serviceGuideCases: Record<string, ObjectCase> = {
  'registry.powerList.batchChanges': { call: (api, o) => api.registry.powerList.batchChanges.query({ batchId: o.powerBatchId }) },
  'registry.serviceGuide.list': { call: (api, o) => api.registry.serviceGuide.list.query({ organizationId: o.powerItemUnitId }) },
  'registry.serviceGuide.get': { call: (api, o) => api.registry.serviceGuide.get.query({ powerItemId: o.powerItemId }) },
  'registry.serviceGuide.save': {
    call: (api, o) => api.registry.serviceGuide.save.mutate({ powerItemId: o.powerItemId, content: guide }),
    state: (admin, o) => guideState(admin, o.powerItemId),
  },
  'registry.serviceGuide.publish': {
    call: (api, o) => api.registry.serviceGuide.publish.mutate({ powerItemId: o.powerItemId }),
    state: (admin, o) => guideState(admin, o.powerItemId),
  },
  'registry.authorityList.get': { call: (api, o) => api.registry.authorityList.get.query({ organizationId: o.organizationId }) },
  'registry.authorityList.publish': {
    call: (api, o) => api.registry.authorityList.publish.mutate({ organizationId: o.organizationId, basedOnVersion: 0, documentNumber: '越权〔2026〕7号', effectiveDate: '2026-01-01', entries: [{ matter: '越权事项', holder: 'institution', note: '' }] }),
    state: (admin, o) => authorityState(admin, o.organizationId),
  },
};
