import type { BianzhiClient } from '@bianzhi/client';
import type { ObjectCase } from './probe.js';
import { PROBE_YEAR } from './probe.js';
import { today, workbookBase64 } from './files.js';

const organization = (admin: BianzhiClient, id: string) =>
  admin.registry.organization.get.query({ id }).then(({ status, version, name, rank, parentId, nameplates }) => ({ status, version, name, rank, parentId, nameplates }));
const namedUnits = (admin: BianzhiClient, search: string) => admin.registry.organization.list.query({ search }).then((r) => r.items.map((o) => o.id));
const departments = (admin: BianzhiClient, organizationId: string) => admin.registry.department.list.query({ organizationId });
type TreeNode = { id: string; children: TreeNode[] };
const treeHolds = (nodes: TreeNode[], id: string): boolean => nodes.some((n) => n.id === id || treeHolds(n.children, id));
const refusedCheck = (answer: unknown) => ['OUT_OF_SCOPE', 'NOT_FOUND', 'FORBIDDEN'].includes((answer as { refusal: { code: string } | null }).refusal?.code ?? '');

/** A child's level and code under a parent given by its code: a district under the city, a township under a district. */
const childOf = (parentCode: string) => (parentCode.endsWith('00') ? { level: 'district' as const, code: `${parentCode.slice(0, 4)}98` } : { level: 'township' as const, code: `${parentCode.slice(0, 6)}998` });

const newUnit = { name: '越权新设机构', kind: 'organ' as const };
const powerItem = { code: 'YQ-0001', name: '越权事项', category: 'licensing' as const, legalBasis: '无', responsibleBody: '无' };

export const registryCases: Record<string, ObjectCase> = {
  'registry.jurisdiction.create': {
    call: (api, o) => api.registry.jurisdiction.create.mutate({ parentId: o.jurisdictionId, ...childOf(o.jurisdictionCode), name: '越权新设区划' }),
    state: (admin, o) => admin.registry.jurisdiction.list.query({ search: childOf(o.jurisdictionCode).code }),
  },
  'registry.jurisdiction.get': { call: (api, o) => api.registry.jurisdiction.get.query({ id: o.jurisdictionId }) },
  // A jurisdiction out of reach may be named as the parent of one in reach (the city above 海曙区), never listed itself.
  'registry.jurisdiction.list': { call: (api) => api.registry.jurisdiction.list.query({}), keepsOut: (answer, o) => !(answer as { id: string }[]).some((j) => j.id === o.jurisdictionId) },
  'registry.jurisdiction.tree': { call: (api) => api.registry.jurisdiction.tree.query(), keepsOut: (answer, o) => !treeHolds(answer as TreeNode[], o.jurisdictionId) },
  'registry.jurisdiction.rename': {
    call: (api, o) => api.registry.jurisdiction.rename.mutate({ id: o.jurisdictionId, name: '越权改名' }),
    state: (admin, o) => admin.registry.jurisdiction.get.query({ id: o.jurisdictionId }).then((j) => j.name),
  },
  'registry.organization.create': [
    { label: 'in a jurisdiction out of reach', call: (api, o) => api.registry.organization.create.mutate({ jurisdictionId: o.jurisdictionId, ...newUnit }), state: (admin) => namedUnits(admin, newUnit.name) },
    {
      // The seed's idempotency keys are predictable: a replay must not hand back the unit it created.
      label: 'replaying the seed’s idempotency key of a unit out of reach',
      call: (api, o) => api.registry.organization.create.mutate({ jurisdictionId: o.jurisdictionId, name: o.unitName, kind: 'organ', idempotencyKey: `seed/${o.jurisdictionId}/${o.unitName}` }),
      hidden: (o) => [o.organizationId],
    },
    {
      label: 'supervised by a unit out of reach',
      call: (api, o, own) => api.registry.organization.create.mutate({ jurisdictionId: own.jurisdictionId, name: '越权主管新设机构', kind: 'organ', basis: 'inventory', parentId: o.organizationId }),
      state: (admin) => namedUnits(admin, '越权主管新设机构'),
    },
    {
      label: 'abolishing a unit out of reach to make room (撤一建一)',
      call: (api, o, own) => api.registry.organization.create.mutate({ jurisdictionId: own.jurisdictionId, ...newUnit, offsetOrganizationId: o.organizationId }),
      state: (admin, o) => organization(admin, o.organizationId),
    },
  ],
  'registry.organization.check': [
    { label: 'in a jurisdiction out of reach', call: (api, o) => api.registry.organization.check.query({ jurisdictionId: o.jurisdictionId, ...newUnit }), keepsOut: refusedCheck },
    { label: 'supervised by a unit out of reach', call: (api, o, own) => api.registry.organization.check.query({ jurisdictionId: own.jurisdictionId, ...newUnit, basis: 'inventory', parentId: o.organizationId }), keepsOut: refusedCheck },
    { label: 'offsetting a unit out of reach', call: (api, o, own) => api.registry.organization.check.query({ jurisdictionId: own.jurisdictionId, ...newUnit, offsetOrganizationId: o.organizationId }), keepsOut: refusedCheck },
    { label: 'replacing a unit out of reach', call: (api, o, own) => api.registry.organization.check.query({ jurisdictionId: own.jurisdictionId, ...newUnit, replacedOrganizationIds: [o.organizationId] }), keepsOut: refusedCheck },
  ],
  'registry.organization.activate': { call: (api, o) => api.registry.organization.activate.mutate({ id: o.organizationId }), state: (admin, o) => organization(admin, o.organizationId) },
  'registry.organization.update': [
    { label: 'a unit out of reach', call: (api, o) => api.registry.organization.update.mutate({ id: o.organizationId, changes: { rank: 'zheng_ke' } }), state: (admin, o) => organization(admin, o.organizationId) },
    { label: 'own unit put under one out of reach', call: (api, o, own) => api.registry.organization.update.mutate({ id: own.organizationId, changes: { parentId: o.organizationId } }), state: (admin, _o, own) => organization(admin, own.organizationId) },
  ],
  'registry.organization.addNameplate': {
    call: (api, o) => api.registry.organization.addNameplate.mutate({ id: o.organizationId, nameplate: { name: '越权加挂牌子', kind: 'nameplate' } }),
    state: (admin, o) => organization(admin, o.organizationId),
  },
  'registry.organization.removeNameplate': {
    call: (api, o) => api.registry.organization.removeNameplate.mutate({ id: o.organizationId, nameplate: { name: '对象矩阵牌子', kind: 'nameplate' } }),
    state: (admin, o) => organization(admin, o.organizationId),
  },
  'registry.organization.abolish': { call: (api, o) => api.registry.organization.abolish.mutate({ id: o.organizationId }), state: (admin, o) => organization(admin, o.organizationId) },
  'registry.organization.convert': { call: (api, o) => api.registry.organization.convert.mutate({ id: o.organizationId }), state: (admin, o) => organization(admin, o.organizationId) },
  'registry.organization.merge': [
    {
      label: 'a unit out of reach merged into own',
      call: (api, o, own) => api.registry.organization.merge.mutate({ sourceIds: [o.organizationId], targetId: own.organizationId }),
      state: async (admin, o, own) => [await organization(admin, o.organizationId), await organization(admin, own.organizationId)],
    },
    {
      label: 'own unit merged into one out of reach',
      call: (api, o, own) => api.registry.organization.merge.mutate({ sourceIds: [own.organizationId], targetId: o.organizationId }),
      state: async (admin, o, own) => [await organization(admin, o.organizationId), await organization(admin, own.organizationId)],
    },
  ],
  'registry.organization.delegate': [
    { label: 'a unit out of reach', call: (api, o, own) => api.registry.organization.delegate.mutate({ id: o.organizationId, targetJurisdictionId: own.jurisdictionId }), state: (admin, o) => organization(admin, o.organizationId) },
    { label: 'own unit to a jurisdiction out of reach', call: (api, o, own) => api.registry.organization.delegate.mutate({ id: own.organizationId, targetJurisdictionId: o.jurisdictionId }), state: (admin, _o, own) => organization(admin, own.organizationId) },
  ],
  'registry.organization.get': [
    { call: (api, o) => api.registry.organization.get.query({ id: o.organizationId }) },
    { label: 'as of a past day', call: (api, o) => api.registry.organization.get.query({ id: o.organizationId, asOf: '2024-01-01' }) },
  ],
  'registry.organization.history': { call: (api, o) => api.registry.organization.history.query({ id: o.organizationId }) },
  'registry.organization.list': [
    { label: 'filtered by a jurisdiction out of reach', call: (api, o) => api.registry.organization.list.query({ jurisdictionId: o.jurisdictionId }), hidden: (o) => [o.organizationId, o.documentUnitId] },
    { label: 'searching a unit’s name', call: (api, o) => api.registry.organization.list.query({ search: o.unitName }), hidden: (o) => [o.organizationId] },
  ],
  'registry.organization.search': { call: (api, o) => api.registry.organization.search.query({ q: o.unitName }), hidden: (o) => [o.organizationId] },
  'registry.organization.tree': {
    call: (api) => api.registry.organization.tree.query({ includeClosed: true }),
    keepsOut: (answer, o) => {
      const tree = answer as { jurisdictions: { id: string }[]; organizations: string };
      return !tree.jurisdictions.some((j) => j.id === o.jurisdictionId) && !tree.organizations.includes(o.organizationId);
    },
  },
  'registry.organization.lookup': {
    call: (api, o) => api.registry.organization.lookup.query({ ids: [o.organizationId], creditCodes: [o.creditCode], names: [o.unitName] }),
    hidden: (o) => [o.organizationId],
  },
  'registry.organization.exportXlsx': { call: (api, o) => api.registry.organization.exportXlsx.query({ jurisdictionId: o.jurisdictionId }), keepsOut: (answer) => (answer as { rows: number }).rows === 0 },
  'registry.organization.importStart': {
    // A row naming a jurisdiction out of reach by its code: the job must fail with nothing imported.
    call: async (api, o) => {
      const contentBase64 = await workbookBase64('机构名录', [['机构名称', '所属区划代码', '机构类型'], ['越权导入机构', o.jurisdictionCode, '党政机关']]);
      let job = await api.registry.organization.importStart.mutate({ filename: '越权导入.xlsx', contentBase64 });
      for (let i = 0; i < 50 && (job.status === 'validating' || job.status === 'importing'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        job = await api.registry.organization.importStatus.query({ id: job.id });
      }
      return job;
    },
    keepsOut: (answer) => (answer as { status: string }).status === 'failed',
    state: (admin) => namedUnits(admin, '越权导入机构'),
  },
  'registry.organization.importStatus': { call: (api, o) => api.registry.organization.importStatus.query({ id: o.registryImportJobId }) },
  'registry.department.list': { call: (api, o) => api.registry.department.list.query({ organizationId: o.documentUnitId }) },
  'registry.department.create': {
    call: (api, o) => api.registry.department.create.mutate({ organizationId: o.documentUnitId, department: { name: '越权新设处室', headcount: 1 } }),
    state: (admin, o) => departments(admin, o.documentUnitId),
  },
  'registry.department.update': { call: (api, o) => api.registry.department.update.mutate({ id: o.departmentId, changes: { headcount: 99 } }), state: (admin, o) => departments(admin, o.documentUnitId) },
  'registry.department.abolish': { call: (api, o) => api.registry.department.abolish.mutate({ id: o.departmentId }), state: (admin, o) => departments(admin, o.documentUnitId) },
  'registry.threeDeterminations.publish': {
    call: (api, o) =>
      api.registry.threeDeterminations.publish.mutate({ organizationId: o.documentUnitId, basedOnVersion: 1, documentNumber: '越权〔2026〕1号', effectiveDate: today(), functions: ['越权职责'], departments: [], staffing: {}, leadershipPosts: {} }),
    state: (admin, o) => admin.registry.threeDeterminations.list.query({ organizationId: o.documentUnitId }).then((docs) => docs.map((d) => d.version)),
  },
  'registry.threeDeterminations.list': { call: (api, o) => api.registry.threeDeterminations.list.query({ organizationId: o.documentUnitId }) },
  'registry.threeDeterminations.get': { call: (api, o) => api.registry.threeDeterminations.get.query({ organizationId: o.documentUnitId }) },
  'registry.powerList.items': { call: (api, o) => api.registry.powerList.items.query({ organizationId: o.organizationId }) },
  'registry.powerList.batches': [
    { label: 'of a jurisdiction out of reach', call: (api, o) => api.registry.powerList.batches.query({ jurisdictionId: o.jurisdictionId }), hidden: (o) => [o.powerBatchId] },
    { label: 'all', call: (api) => api.registry.powerList.batches.query({}), hidden: (o) => [o.powerBatchId] },
  ],
  'registry.powerList.openBatch': {
    call: (api, o) => api.registry.powerList.openBatch.mutate({ jurisdictionId: o.jurisdictionId, year: PROBE_YEAR - 1, half: 2 }),
    state: (admin, o) => admin.registry.powerList.batches.query({ jurisdictionId: o.jurisdictionId }).then((b) => b.map((x) => x.id)),
  },
  'registry.powerList.adjust': [
    {
      label: 'a batch out of reach',
      call: (api, o, own) => api.registry.powerList.adjust.mutate({ batchId: o.powerBatchId, organizationId: own.organizationId, add: [powerItem] }),
      state: (admin, _o, own) => admin.registry.powerList.items.query({ organizationId: own.organizationId }),
    },
    {
      label: 'a unit out of reach in own batch',
      call: (api, o, own) => api.registry.powerList.adjust.mutate({ batchId: own.powerBatchId, organizationId: o.organizationId, add: [powerItem] }),
      state: (admin, o) => admin.registry.powerList.items.query({ organizationId: o.organizationId }),
    },
    {
      label: 'removing an item of a unit out of reach',
      call: (api, o, own) => api.registry.powerList.adjust.mutate({ batchId: own.powerBatchId, organizationId: own.organizationId, remove: [o.powerItemId] }),
      state: (admin, o) => admin.registry.powerList.items.query({ organizationId: o.powerItemUnitId }).then((items) => items.find((i) => i.id === o.powerItemId)),
    },
  ],
  'registry.powerList.publishBatch': {
    call: (api, o) => api.registry.powerList.publishBatch.mutate({ batchId: o.powerBatchId, documentNumber: '越权〔2026〕2号' }),
    state: (admin) => admin.registry.powerList.batches.query({}).then((b) => b.map((x) => [x.id, x.status])),
  },
  'registry.policy.list': { call: (api, o) => api.registry.policy.list.query({ jurisdictionId: o.jurisdictionId }) },
  'registry.policy.effective': { call: (api, o) => api.registry.policy.effective.query({ jurisdictionId: o.jurisdictionId }) },
  'registry.policy.update': {
    call: (api, o) => api.registry.policy.update.mutate({ jurisdictionId: o.jurisdictionId, ruleId: 'ORG-ABOLISH-ONE', enabled: false, params: {} }),
    state: (admin, o) => admin.registry.policy.list.query({ jurisdictionId: o.jurisdictionId }).then((rules) => rules.map((r) => [r.id, r.enabled, r.setIn?.jurisdictionId ?? null])),
  },
  'registry.limit.list': { call: (api, o) => api.registry.limit.list.query({ jurisdictionId: o.jurisdictionId }) },
  'registry.limit.history': { call: (api, o) => api.registry.limit.history.query({ jurisdictionId: o.jurisdictionId }) },
  'registry.limit.set': {
    call: (api, o) => api.registry.limit.set.mutate({ jurisdictionId: o.jurisdictionId, documentNumber: '越权〔2026〕3号', limits: [{ category: 'organ_all', maximum: 999 }], departmentRange: null }),
    state: (admin, o) => admin.registry.limit.list.query({ jurisdictionId: o.jurisdictionId }).then((l) => [l.categories.map((c) => [c.category, c.maximum, c.documentNumber]), l.departmentRange]),
  },
};
