import type { BianzhiClient } from '@bianzhi/client';
import type { ObjectCase } from './probe.js';
import { nextYear } from './probe.js';
import { today } from './files.js';

const notice = (admin: BianzhiClient, id: string) => admin.audit.notice.get.query({ id }).then(({ status, conclusion, acknowledgedAt }) => ({ status, conclusion, acknowledgedAt }));
const noticeIds = (admin: BianzhiClient, organizationId: string) => admin.audit.notice.list.query({ organizationId }).then((list) => list.map((n) => n.id));
const talkIds = (admin: BianzhiClient, organizationId: string) => admin.audit.talk.list.query({ organizationId }).then((list) => list.map((t) => t.id));
const commitments = (admin: BianzhiClient, organizationId: string) => admin.audit.talk.commitments.query({ organizationId }).then((list) => list.map(({ id, status, report }) => ({ id, status, report })));
const talk = { heldOn: today(), participants: ['越权约谈'], points: '越权约谈', commitments: [{ content: '越权承诺', deadline: nextYear() }] };

/** Supervision notices, talks and the term audit (issue 23, part B): another jurisdiction's or unit's notice is neither seen nor touched. */
export const supervisionCases: Record<string, ObjectCase> = {
  'audit.notice.issue': [
    {
      label: 'to a unit out of reach',
      call: (api, o) => api.audit.notice.issue.mutate({ organizationId: o.organizationId, problem: '越权下发', requirement: '越权', deadline: nextYear() }),
      state: (admin, o) => noticeIds(admin, o.organizationId),
    },
    {
      label: 'to the caller’s unit, citing a violation out of reach',
      call: (api, o, own) => api.audit.notice.issue.mutate({ organizationId: own.organizationId, violationId: o.violationId, problem: '越权引用问题', requirement: '越权', deadline: nextYear() }),
      state: (admin, _o, own) => noticeIds(admin, own.organizationId),
    },
  ],
  'audit.notice.acknowledge': { call: (api, o) => api.audit.notice.acknowledge.mutate({ id: o.supervision.noticeId }), state: (admin, o) => notice(admin, o.supervision.noticeId) },
  'audit.notice.close': { call: (api, o) => api.audit.notice.close.mutate({ id: o.supervision.noticeId, conclusion: '越权办结' }), state: (admin, o) => notice(admin, o.supervision.noticeId) },
  'audit.notice.list': [
    { label: 'of a unit out of reach', call: (api, o) => api.audit.notice.list.query({ organizationId: o.organizationId }), hidden: (o) => [o.supervision.noticeId] },
    { label: 'all', call: (api) => api.audit.notice.list.query({}), hidden: (o) => [o.supervision.noticeId] },
  ],
  'audit.notice.get': { call: (api, o) => api.audit.notice.get.query({ id: o.supervision.noticeId }) },
  'audit.notice.pdf': { call: (api, o) => api.audit.notice.pdf.query({ id: o.supervision.noticeId }) },
  'audit.talk.record': [
    { label: 'on a notice out of reach', call: (api, o) => api.audit.talk.record.mutate({ ...talk, noticeId: o.supervision.noticeId }), state: (admin, o) => talkIds(admin, o.organizationId) },
    { label: 'on a violation out of reach', call: (api, o) => api.audit.talk.record.mutate({ ...talk, violationId: o.violationId }), state: (admin, o) => talkIds(admin, o.organizationId) },
  ],
  'audit.talk.reportCommitment': { call: (api, o) => api.audit.talk.reportCommitment.mutate({ id: o.supervision.commitmentId, report: '越权报告完成' }), state: (admin, o) => commitments(admin, o.organizationId) },
  'audit.talk.confirmCommitment': { call: (api, o) => api.audit.talk.confirmCommitment.mutate({ id: o.supervision.commitmentId }), state: (admin, o) => commitments(admin, o.organizationId) },
  'audit.talk.list': [
    { label: 'of a unit out of reach', call: (api, o) => api.audit.talk.list.query({ organizationId: o.organizationId }), hidden: (o) => [o.supervision.talkId] },
    { label: 'of a notice out of reach', call: (api, o) => api.audit.talk.list.query({ noticeId: o.supervision.noticeId }), hidden: (o) => [o.supervision.talkId] },
    { label: 'all', call: (api) => api.audit.talk.list.query({}), hidden: (o) => [o.supervision.talkId] },
  ],
  'audit.talk.commitments': [
    { label: 'of a unit out of reach', call: (api, o) => api.audit.talk.commitments.query({ organizationId: o.organizationId }), hidden: (o) => [o.supervision.commitmentId] },
    { label: 'all', call: (api) => api.audit.talk.commitments.query({}), hidden: (o) => [o.supervision.commitmentId] },
  ],
  'audit.report.term': [
    { label: 'over a unit out of reach', call: (api, o) => api.audit.report.term.query({ leaderName: '越权审计', from: `${today().slice(0, 4)}-01-01`, to: today(), organizationIds: [o.organizationId], format: 'xlsx' }) },
    { label: 'over the caller’s unit and one out of reach', call: (api, o, own) => api.audit.report.term.query({ leaderName: '越权审计', from: `${today().slice(0, 4)}-01-01`, to: today(), organizationIds: [own.organizationId, o.organizationId], format: 'xlsx' }) },
  ],
};
