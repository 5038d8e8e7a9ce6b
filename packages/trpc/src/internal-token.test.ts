import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '@bianzhi/domain/access';
import { servicePrincipal, signInternalToken, verifyInternalToken } from './internal-token.js';

const secret = 'a-secret-of-at-least-thirty-two-characters';
const other = 'another-secret-of-at-least-thirty-two-chars';
const user: Principal = { kind: 'user', id: 'u-1', name: '张三', roles: ['city_admin'], jurisdictionId: 'j-1', organizationId: null };

afterEach(() => {
  vi.useRealTimers();
});

describe('internal tokens', () => {
  it('carry the principal to the service they are signed for, and to no other', async () => {
    const token = await signInternalToken(secret, user, 'quota-ledger');
    expect(await verifyInternalToken(secret, token, 'quota-ledger')).toEqual(user);
    // Verified once (and remembered), still refused for another audience or under another secret.
    expect(await verifyInternalToken(secret, token, 'registry')).toBeNull();
    expect(await verifyInternalToken(other, token, 'quota-ledger')).toBeNull();
    // A signature changed in the middle (its last base64url character holds padding bits, so changing only the
    // end can leave the decoded signature as it was).
    const at = token.lastIndexOf('.') + 10;
    const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    expect(await verifyInternalToken(secret, tampered, 'quota-ledger')).toBeNull();
  });

  it('carry the person behind the account, and sign a new token when it differs', async () => {
    const person = { ...user, personId: 'a'.repeat(64) };
    const token = await signInternalToken(secret, person, 'reform');
    expect(await verifyInternalToken(secret, token, 'reform')).toEqual(person);
    expect(await signInternalToken(secret, { ...person, personId: 'b'.repeat(64) }, 'reform')).not.toBe(token);
  });

  it('reuse a token for the same principal and service for half its lifetime, then sign a new one', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-03T01:00:00Z') });
    const first = await signInternalToken(secret, user, 'audit');
    expect(await signInternalToken(secret, user, 'audit')).toBe(first);
    expect(await signInternalToken(secret, { ...user, roles: ['district_admin'] }, 'audit')).not.toBe(first);
    expect(await signInternalToken(secret, user, 'registry')).not.toBe(first);
    expect(await signInternalToken(other, user, 'audit')).not.toBe(first);
    vi.advanceTimersByTime(31_000);
    const second = await signInternalToken(secret, user, 'audit');
    expect(second).not.toBe(first);
    expect(await verifyInternalToken(secret, second, 'audit')).toEqual(user);
  });

  it('stop being accepted when they expire, also after a successful verification', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-03T02:00:00Z') });
    const service = servicePrincipal('reform');
    const token = await signInternalToken(secret, service, 'quota-ledger');
    expect(await verifyInternalToken(secret, token, 'quota-ledger')).toEqual(service);
    vi.advanceTimersByTime(59_000);
    expect(await verifyInternalToken(secret, token, 'quota-ledger')).toEqual(service);
    vi.advanceTimersByTime(2_000);
    expect(await verifyInternalToken(secret, token, 'quota-ledger')).toBeNull();
  });
});
