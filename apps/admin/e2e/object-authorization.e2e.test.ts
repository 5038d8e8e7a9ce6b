import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import type { BianzhiClient } from '@bianzhi/client';
import { clientWith, login, signInCookie } from './session-client.js';
import { objectCases } from './object-authorization/cases.js';
import { buildFixture, type Fixture } from './object-authorization/fixture.js';
import { probesOf, type Caller, type Objects, type Probe, type ProbeTools } from './object-authorization/probe.js';

// The object-level authorization matrix (object-authorization/cases.ts): every procedure that names
// an object is called, through the gateway, as 海曙区's district admin with 江北区's and the city's
// objects, and as a department user with another 海曙区 unit's. The scope comes from the services'
// own SQL and the registry, as in production, which the in-process permission matrix cannot show.
let fixture: Fixture;
let admin: BianzhiClient;
const callers = {} as Record<Caller, BianzhiClient>;
const signIn = async (username: string, password: string) => clientWith({ cookie: await signInCookie(username, password) });
const tools: ProbeTools = { signInStatus: async (username, password) => (await login(username, password)).status };

beforeAll(async () => {
  admin = await signIn('admin', 'bianzhi-dev');
  callers.district = await signIn('haishu', 'bianzhi-dev');
  fixture = await buildFixture({ admin, haishu: callers.district, signIn });
  callers.department = await signIn(fixture.department.username, fixture.department.password);
}, 300_000);

afterAll(async () => fixture?.cleanup());

/**
 * The refusals that keep an object out of reach; anything else (a 500 above all) is reported.
 * MATTER_REQUIRED: a change only the platform applies for an approved matter, refused to every person
 * before any object is read (the matter's filing is probed under approval.matter.file).
 */
const refusals = ['FORBIDDEN', 'OUT_OF_SCOPE', 'NOT_FOUND', 'MATTER_REQUIRED'];

/** What the caller learnt or got done that they should not have, or null. */
function leakOf(probe: Probe, objects: Objects, outcome: { answer: unknown } | { error: unknown }): string | null {
  if ('error' in outcome) {
    const error = outcome.error;
    if (!(error instanceof TRPCClientError)) return `failed outside tRPC: ${String(error)}`;
    const data = error.data as { httpStatus?: number; domainCode?: string } | undefined;
    const code = data?.domainCode ?? '';
    return refusals.includes(code) || probe.alsoRefusedWith?.includes(code) ? null : `refused with ${data?.httpStatus} ${code}: ${error.message}`;
  }
  const text = JSON.stringify(outcome.answer) ?? '';
  if (probe.keepsOut) return probe.keepsOut(outcome.answer, objects) ? null : `answered ${text.slice(0, 400)}`;
  if (probe.hidden) {
    const shown = probe.hidden(objects).filter((id) => text.includes(id));
    return shown.length > 0 ? `answered with ${shown.join(', ')}` : null;
  }
  return `answered instead of refusing: ${text.slice(0, 400)}`;
}

async function attempt(caller: Caller, path: string, probe: Probe, set: Fixture['sets'][Caller][number]) {
  const label = `${path}${probe.label ? ` (${probe.label})` : ''}, ${set.name}`;
  const state = () => probe.state?.(admin, set.objects, fixture.own, tools) ?? Promise.resolve(null);
  const before = await state();
  const outcome = await probe.call(callers[caller], set.objects, fixture.own).then(
    (answer) => ({ answer }),
    (error: unknown) => ({ error }),
  );
  const after = await state();
  const leak = leakOf(probe, set.objects, outcome);
  if (probe.knownHole?.caller === caller) {
    // Found while the call is still answered or still changes something; any refusal means it is gone.
    const found = ('answer' in outcome && leak !== null) || !isDeepStrictEqual(before, after);
    expect.soft(found, `${label}: the known hole is gone (${probe.knownHole.reason}); remove knownHole`).toBe(true);
    return;
  }
  expect.soft(leak, label).toBeNull();
  expect.soft(after, `${label}: changed what it must leave alone`).toEqual(before);
}

const cases = Object.entries(objectCases).sort(([a], [b]) => a.localeCompare(b));
const callersUnderTest: [Caller, string][] = [
  ['district', 'object-level authorization: 海曙区’s district admin, objects of 江北区 and of the city'],
  ['department', 'object-level authorization: a department user of 海曙区人民医院, another unit’s objects'],
];

/**
 * The probes can fail: the city admin, who may reach everything, is answered by every read with the
 * objects (so a refusal above is the scope's, not a wrong id) and sees what `hidden` and `keepsOut` look for.
 */
describe('object-level authorization: the probes aim at real objects', () => {
  for (const [path, objectCase] of cases) {
    const reads = probesOf(objectCase).filter((probe) => !probe.state && !probe.mutates);
    if (reads.length === 0) continue;
    it(path, async () => {
      for (const set of [...fixture.sets.district, ...fixture.sets.department]) {
        for (const probe of reads) {
          const label = `${path}${probe.label ? ` (${probe.label})` : ''}, ${set.name}`;
          const outcome = await probe.call(admin, set.objects, fixture.own).then((answer) => ({ answer }), (error: unknown) => ({ error }));
          if ('error' in outcome) {
            const code = outcome.error instanceof TRPCClientError ? (outcome.error.data as { domainCode?: string } | undefined)?.domainCode : String(outcome.error);
            expect.soft(code === 'NOT_FOUND' || code === 'OUT_OF_SCOPE' ? `${code}: ${(outcome.error as Error).message}` : null, `${label}: the city admin is refused`).toBeNull();
          } else if (probe.keepsOut || probe.hidden) {
            expect.soft(leakOf(probe, set.objects, outcome), `${label}: the city admin’s answer lacks the object, so the probe could not see it leak`).not.toBeNull();
          }
        }
      }
    });
  }
});

for (const [caller, title] of callersUnderTest) {
  describe(title, () => {
    for (const [path, objectCase] of cases) {
      it(path, async () => {
        for (const set of fixture.sets[caller]) for (const probe of probesOf(objectCase)) await attempt(caller, path, probe, set);
      });
    }
  });
}
