import type { BianzhiClient } from '@bianzhi/client';
import type { ObjectCase, Objects, OwnObjects } from './probe.js';

const matter = (admin: BianzhiClient, id: string) => admin.approval.matter.get.query({ id }).then(({ state, currentStep, events, documents }) => ({ state, currentStep, events: events.length, documents: documents.length }));
const routing = (admin: BianzhiClient) => admin.approval.routing.list.query({}).then((rows) => rows.map(({ jurisdictionId, kind, decidedAt, steps }) => [jurisdictionId, kind, decidedAt, steps]));
const decision = () => ({ decisionId: `越权决定-${crypto.randomUUID()}`, comment: '越权' });
const request = [{ title: '越权请示', documentNumber: '越权〔2026〕9号' }];

export const approvalCases: Record<string, ObjectCase> = {
  'approval.matter.file': [
    {
      label: 'quota of an account out of reach',
      // Quota of an account in another district (never one above the caller, whose pools a district may ask for).
      call: (api, o, own) =>
        api.approval.matter.file.mutate({ id: crypto.randomUUID(), title: '越权事项', reason: '越权', moves: [{ ledger: 'administrative', code: 'transfer', debitAccountId: o.matter.accountId, creditAccountId: own.accountId, amount: 1 }], documents: request }),
      state: (admin) => admin.approval.matter.list.query({ limit: 500 }).then((list) => list.items.filter((m) => m.title === '越权事项').map((m) => m.id)),
    },
    {
      label: 'leadership posts of a unit out of reach',
      call: (api, o) => api.approval.matter.file.mutate({ id: crypto.randomUUID(), kind: 'leadership_posts', title: '越权职数事项', reason: '越权', posts: { organizationId: o.organizationId, rank: 'deputy', posts: 9 }, documents: request }),
      state: (admin) => admin.approval.matter.list.query({ limit: 500 }).then((list) => list.items.filter((m) => m.title === '越权职数事项').map((m) => m.id)),
    },
    {
      label: 'a person out of reach moved with their quota into an own unit (带编调任)',
      call: (api, o, own) => api.approval.matter.file.mutate({ id: crypto.randomUUID(), kind: 'person_transfer', title: '越权调任事项', reason: '越权', transfer: { slotId: o.slotId, fromOrganizationId: o.organizationId, toOrganizationId: own.organizationId }, documents: request }),
      state: (admin) => admin.approval.matter.list.query({ limit: 500 }).then((list) => list.items.filter((m) => m.title === '越权调任事项').map((m) => m.id)),
    },
    {
      label: 'a staffing-use plan out of reach',
      call: (api, o) => api.approval.matter.file.mutate({ id: crypto.randomUUID(), kind: 'staffing_plan', title: '越权用编事项', reason: '越权', plan: { planId: o.filedPlanId }, documents: request }),
      state: (admin) => admin.approval.matter.list.query({ limit: 500 }).then((list) => list.items.filter((m) => m.title === '越权用编事项').map((m) => m.id)),
    },
    {
      label: 'named-roll publication of a jurisdiction out of reach (实名制公示)',
      call: (api, o) => api.approval.matter.file.mutate({ id: crypto.randomUUID(), kind: 'named_roll_publication', title: '越权实名制公示', reason: '越权', namedRoll: { jurisdictionId: o.jurisdictionId, enabled: true }, documents: request }),
      state: (admin) => admin.approval.matter.list.query({ limit: 500 }).then((list) => list.items.filter((m) => m.title === '越权实名制公示').map((m) => m.id)),
    },
    {
      label: 'the conclusion of an evaluation out of reach',
      call: (api, o) => api.approval.matter.file.mutate({ id: crypto.randomUUID(), kind: 'evaluation_conclusion', title: '越权评估结论', reason: '越权', evaluation: { evaluationId: o.evaluationId, conclusion: { kind: 'keep', ledger: null, amount: null, reason: '越权' } }, documents: request }),
      state: (admin) => admin.approval.matter.list.query({ limit: 500 }).then((list) => list.items.filter((m) => m.title === '越权评估结论').map((m) => m.id)),
    },
    {
      label: 'appointing in a unit out of reach',
      call: (api, o) => api.approval.matter.file.mutate({ id: crypto.randomUUID(), kind: 'leadership_appointment', title: '越权任职事项', reason: '越权', appointment: { organizationId: o.organizationId, rank: 'dept_deputy', slotId: o.slotId, title: '越权任职' }, documents: request }),
      state: (admin) => admin.approval.matter.list.query({ limit: 500 }).then((list) => list.items.filter((m) => m.title === '越权任职事项').map((m) => m.id)),
    },
    ...(
      [
        ['renaming a unit out of reach', (o: Objects) => ({ action: 'rename' as const, organizationId: o.organizationId, name: '越权更名' })],
        ['abolishing a unit out of reach', (o: Objects) => ({ action: 'abolish' as const, organizationId: o.organizationId })],
        ['merging a unit out of reach into an own one', (o: Objects, own: OwnObjects) => ({ action: 'merge' as const, sourceIds: [o.organizationId], targetId: own.organizationId, keepNamesAsNameplates: false })],
        ['establishing in a jurisdiction out of reach', (o: Objects) => ({ action: 'establish' as const, unit: { jurisdictionId: o.jurisdictionId, name: '越权设立机构', kind: 'organ' as const, quotaTypes: ['administrative' as const], allocation: {} } })],
        ['establishing in place of a unit out of reach (撤一建一)', (o: Objects, own: OwnObjects) => ({ action: 'establish' as const, unit: { jurisdictionId: own.jurisdictionId, name: '越权设立机构', kind: 'organ' as const, quotaTypes: ['administrative' as const], offsetOrganizationId: o.organizationId, allocation: {} } })],
      ] as const
    ).map(([label, change]) => ({
      label,
      call: (api: BianzhiClient, o: Objects, own: OwnObjects) => api.approval.matter.file.mutate({ id: crypto.randomUUID(), kind: 'organization_change', title: '越权机构事项', reason: '越权', organization: change(o, own), documents: request }),
      state: (admin: BianzhiClient) => admin.approval.matter.list.query({ limit: 500 }).then((list) => list.items.filter((m) => m.title === '越权机构事项').map((m) => m.id)),
    })),
  ],
  'approval.matter.get': { call: (api, o) => api.approval.matter.get.query({ id: o.matter.id }) },
  'approval.matter.document': { call: (api, o) => api.approval.matter.document.query({ matterId: o.matter.id, documentId: o.matter.documentId }) },
  'approval.matter.decide': {
    call: (api, o) => api.approval.matter.decide.mutate({ id: o.matter.id, stepIndex: 0, decision: 'return', ...decision() }),
    state: (admin, o) => matter(admin, o.matter.id),
  },
  'approval.matter.resubmit': { call: (api, o) => api.approval.matter.resubmit.mutate({ id: o.matter.id, ...decision() }), state: (admin, o) => matter(admin, o.matter.id) },
  'approval.matter.withdraw': { call: (api, o) => api.approval.matter.withdraw.mutate({ id: o.matter.id, ...decision() }), state: (admin, o) => matter(admin, o.matter.id) },
  'approval.matter.list': { call: (api) => api.approval.matter.list.query({ limit: 500 }), hidden: (o) => [o.matter.id] },
  'approval.routing.list': {
    call: (api) => api.approval.routing.list.query({}),
    keepsOut: (answer, o) => !(answer as { jurisdictionId: string }[]).some((r) => r.jurisdictionId === o.matter.jurisdictionId),
  },
  'approval.routing.set': {
    call: (api, o) => api.approval.routing.set.mutate({ jurisdictionId: o.matter.jurisdictionId, kind: 'quota_movement', decidedAt: 'city', steps: ['approve'] }),
    state: routing,
  },
};
