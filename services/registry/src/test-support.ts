import { expect } from 'vitest';
import { TRPCError } from '@trpc/server';
import pino from 'pino';
import type { DB } from '@bianzhi/db/generated/registry';
import type { Principal, Role } from '@bianzhi/domain/access';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createRegistryRouter } from './router.js';
import { createJurisdiction } from './jurisdiction/jurisdiction.service.js';

/** A registry over a fresh test database, callable as any principal, with a controllable violations port. */
export async function registryHarness(name: string) {
  const testDb: TestDatabase<DB> = await createTestDatabase<DB>(name);
  const violations = fakeViolations();
  const router = createRegistryRouter(testDb.db, violations);
  const callerAs = (principal: Principal | null, locale: 'zh-CN' | 'en' = 'zh-CN') =>
    createCallerFactory(router)({ principal, locale, requestId: 'test', log: pino({ level: 'silent' }) });
  const userIn = (role: Role, jurisdictionId: string, organizationId: string | null = null): Principal => ({
    kind: 'user',
    id: `${role}-${jurisdictionId.slice(0, 8)}`,
    name: role,
    roles: [role],
    jurisdictionId,
    organizationId,
  });
  const city = await createJurisdiction(testDb.db, servicePrincipal('seed'), { parentId: null, level: 'city', code: '330200', name: '示范市' });
  return {
    db: testDb.db,
    violations,
    callerAs,
    userIn,
    cityId: city.id,
    system: callerAs(servicePrincipal('reform')),
    drop: () => testDb.drop(),
  };
}

/** The refusal a call ends in (fails the test when the call succeeds). */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError & { domainCode: string | undefined }> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, 'expected the call to be refused').toBeInstanceOf(TRPCError);
  const trpc = error as TRPCError;
  return Object.assign(trpc, { domainCode: (trpc.cause as { code?: string } | undefined)?.code });
}

export function localizedMessage(error: TRPCError, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const cause = error.cause as { localized?: Record<string, string>; message: string } | undefined;
  return cause?.localized?.[locale] ?? cause?.message ?? error.message;
}

/** Rule ids a policy refusal names. */
export function brokenRules(error: TRPCError): string[] {
  const detail = (error.cause as unknown as { detail?: { problems?: { ruleId: string }[] } } | undefined)?.detail;
  return (detail?.problems ?? []).map((p) => p.ruleId);
}
