import type { BianzhiClient } from '@bianzhi/client';
import type { ObjectCase } from './probe.js';

// 出入编联动 (audit.subscription.*) and 在编核验 (ledger.verification.roll): a subscription of another
// district or of the city, a subscription naming a jurisdiction out of reach, and a unit out of reach.
const subscription = (admin: BianzhiClient, id: string) =>
  admin.audit.subscription.list.query().then((list) => list.filter((s) => s.id === id).map(({ id: _id, status, secretVersion, url, eventTypes, jurisdictionIds }) => ({ status, secretVersion, url, eventTypes, jurisdictionIds })));

export const linkageCases: Record<string, ObjectCase> = {
  'audit.subscription.list': { call: (api) => api.audit.subscription.list.query(), hidden: (o) => [o.subscriptionId] },
  'audit.subscription.create': {
    call: (api, o) => api.audit.subscription.create.mutate({ name: '越权订阅', url: 'https://receiver.example.invalid/hooks', eventTypes: ['cn.gov.bianzhi.roll.entry.posted'], jurisdictionIds: [o.jurisdictionId] }),
    state: (admin, o) => admin.audit.subscription.list.query().then((list) => list.filter((s) => s.jurisdictionIds.includes(o.jurisdictionId)).map((s) => s.id)),
  },
  'audit.subscription.setStatus': { call: (api, o) => api.audit.subscription.setStatus.mutate({ id: o.subscriptionId, status: 'paused' }), state: (admin, o) => subscription(admin, o.subscriptionId) },
  'audit.subscription.rotate': { call: (api, o) => api.audit.subscription.rotate.mutate({ id: o.subscriptionId }), state: (admin, o) => subscription(admin, o.subscriptionId) },
  'audit.subscription.remove': { call: (api, o) => api.audit.subscription.remove.mutate({ id: o.subscriptionId }), state: (admin, o) => subscription(admin, o.subscriptionId) },
  'audit.subscription.deliveries': { call: (api, o) => api.audit.subscription.deliveries.query({ subscriptionId: o.subscriptionId }) },
  'audit.subscription.exportDeliveries': { call: (api, o) => api.audit.subscription.exportDeliveries.query({ subscriptionId: o.subscriptionId }) },
  'audit.subscription.redeliver': {
    call: (api, o) => api.audit.subscription.redeliver.mutate({ subscriptionId: o.subscriptionId, deliveryId: 1 }),
    state: (admin, o) => admin.audit.subscription.deliveries.query({ subscriptionId: o.subscriptionId }).then((list) => list.map((d) => [d.id, d.status, d.attempts])),
  },
  // Records an audit event on every call (a change no state read shows), so it is a mutation the city admin's check leaves out.
  'ledger.verification.roll': {
    call: (api, o) => api.ledger.verification.roll.mutate({ idNumber: o.entry.idNumber, organizationId: o.organizationId, asOf: new Date().toISOString().slice(0, 10), purpose: '对象矩阵核验' }),
    mutates: true,
  },
};
