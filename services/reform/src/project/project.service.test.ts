import { describe, expect, it } from 'vitest';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Client } from '@temporalio/client';
import type { OrganizationRef } from '@bianzhi/contracts/registry';
import type { ReformProjectState } from '@bianzhi/contracts/reform';
import type { Principal } from '@bianzhi/domain/access';
import { isDomainError } from '@bianzhi/domain/errors';
import type { RegistryClient } from '../service-clients.js';
import { decisions, type ProjectDeps } from './project.service.js';

// City C with districts D1 (the project's) and D2; a merger of S1 and S2 into T, all in D1.
const C = '00000000-0000-4000-8000-0000000000c0';
const D1 = '00000000-0000-4000-8000-0000000000d1';
const D2 = '00000000-0000-4000-8000-0000000000d2';
const unit = (id: string, jurisdictionId: string, status: OrganizationRef['status'] = 'active') => ({ id, name: `单位${id.slice(-2)}`, creditCode: null, jurisdictionId, jurisdictionName: '', status, kind: 'organ', institutionClass: null, organBranch: null }) satisfies OrganizationRef;
const T = unit('00000000-0000-4000-8000-0000000000a0', D1);
const S1 = unit('00000000-0000-4000-8000-0000000000a1', D1);
const S2 = unit('00000000-0000-4000-8000-0000000000a2', D1);
const receiving = unit('00000000-0000-4000-8000-0000000000a3', D1);
const closed = unit('00000000-0000-4000-8000-0000000000a4', D1, 'abolished');
const otherDistrict = unit('00000000-0000-4000-8000-0000000000a5', D2);
const unknown = '00000000-0000-4000-8000-0000000000a6';
const P1 = '00000000-0000-4000-8000-0000000000f1';

const director: Principal = { kind: 'user', id: 'director-1', name: '编办主任', roles: ['city_admin'], jurisdictionId: C, organizationId: null, personId: 'person-director' };
const manager: Principal = { kind: 'user', id: 'manager-1', name: '改革负责人', roles: ['reform_manager'], jurisdictionId: C, organizationId: null, personId: 'person-manager' };

function project(stage: ReformProjectState['stage']): ReformProjectState {
  return {
    id: 'reform-project/p1',
    title: '园区机构整合',
    kind: 'merger',
    jurisdictionId: D1,
    documentNumber: '测编〔2026〕50号',
    plan: { kind: 'merger', sourceIds: [S1.id, S2.id], target: { existingId: T.id }, approvedQuota: {}, keepNamesAsNameplates: false },
    filedBy: { id: manager.id, name: manager.name, personId: 'person-manager' },
    stage,
    timeline: [],
    preview: null,
    decisions: [],
    deadline: null,
    escalated: false,
    placements: {},
    documents: [],
    steps: [],
    followUps: [],
    resultOrganizationIds: [T.id],
    irreversible: true,
    error: null,
  };
}

/** Fakes for Temporal (one project; Updates recorded) and the registry as the caller sees it (the whole city). */
function fakeDeps(state: ReformProjectState) {
  const sent: unknown[] = [];
  const handle = {
    query: async () => state,
    executeUpdate: async (_update: unknown, options: { args: unknown[] }) => (sent.push(options.args[0]), state),
  };
  const registry = {
    registry: {
      jurisdiction: { list: { query: async () => [{ id: C, parentId: null, level: 'city', name: '市' }, { id: D1, parentId: C, level: 'district', name: '一区' }, { id: D2, parentId: C, level: 'district', name: '二区' }] } },
      organization: { lookup: { query: async ({ ids }: { ids: string[] }) => [T, S1, S2, receiving, closed, otherDistrict].filter((u) => ids.includes(u.id)) } },
    },
  } as unknown as RegistryClient;
  const deps = {
    // No database: queries answer no rows (no routing set, so the project's district decides or above).
    db: new Kysely<never>({ dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() } }),
    temporal: { workflow: { getHandle: () => handle } } as unknown as Client,
    taskQueue: 'none',
    registryAs: () => registry,
    registry,
  } as unknown as ProjectDeps;
  return { deps, sent };
}

async function domainCodeOf(promise: Promise<unknown>): Promise<string | null> {
  const error = await promise.then(() => null, (e: unknown) => e);
  return isDomainError(error) ? error.code : null;
}

describe('placement targets, checked before the Update is sent', () => {
  const place = (deps: ProjectDeps, to: string) => decisions.assignPlacement(deps, manager, { id: 'p1', decisionId: crypto.randomUUID(), assignments: [{ personId: P1, to }], finish: false });

  it('refuses a unit of another district, a unit not found, a closed unit and a unit the project merges away', async () => {
    const { deps, sent } = fakeDeps(project('placement'));
    for (const to of [otherDistrict.id, unknown, closed.id, S1.id]) expect(await domainCodeOf(place(deps, to)), to).toBe('PLACEMENT_TARGET_INVALID');
    expect(sent).toEqual([]);
  });

  it('sends placements in the project’s units, other live units of its jurisdiction and the pool', async () => {
    const { deps, sent } = fakeDeps(project('placement'));
    for (const to of [T.id, receiving.id, 'pool']) await place(deps, to);
    expect(sent.map((args) => (args as { assignments: { to: string }[] }).assignments[0]!.to)).toEqual([T.id, receiving.id, 'pool']);
  });
});

describe('committee decisions, checked before the Update is sent', () => {
  it('refuse another account of the person who filed the plan, and keep the person out of the recorded decision', async () => {
    const { deps, sent } = fakeDeps(project('committee'));
    const secondAccount: Principal = { ...director, id: 'director-2', personId: 'person-manager' };
    expect(await domainCodeOf(decisions.approve(deps, secondAccount, { id: 'p1', decisionId: crypto.randomUUID(), note: '' }))).toBe('SELF_APPROVAL');
    expect(await domainCodeOf(decisions.reject(deps, secondAccount, { id: 'p1', decisionId: crypto.randomUUID(), note: '' }))).toBe('SELF_APPROVAL');
    expect(sent).toEqual([]);
    const result = await decisions.approve(deps, director, { id: 'p1', decisionId: crypto.randomUUID(), note: '同意' });
    expect(sent).toEqual([{ by: { id: director.id, name: director.name }, note: '同意', person: 'person-director' }]);
    expect(result.filedBy).toEqual({ id: manager.id, name: manager.name });
  });
});
