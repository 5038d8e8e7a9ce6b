import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { headSigner, publicKeysIn } from './signed-head.js';

const ed25519 = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};

describe('signing-key rotation', () => {
  const old = ed25519();
  const next = ed25519();
  const head = { day: '2026-11-30', seq: 41, hash: 'a'.repeat(64) };
  const signedByOld = headSigner(old.privatePem).sign(head);

  it('verifies heads of a retired key once its public key is configured, and signs only with the current key', () => {
    const rotated = headSigner(next.privatePem, publicKeysIn(`${old.publicPem}\n${ed25519().publicPem}`));
    expect(rotated.verify(signedByOld)).toBe(true);
    expect(rotated.retiredKeyIds).toHaveLength(2);
    expect(rotated.retiredKeyIds).toContain(signedByOld.keyId);
    const signedByNext = rotated.sign({ ...head, day: '2026-12-01' });
    expect(signedByNext.keyId).toBe(rotated.keyId);
    expect(signedByNext.keyId).not.toBe(signedByOld.keyId);
    expect(rotated.verify(signedByNext)).toBe(true);
  });

  it('refuses a retired key’s head when that key is not configured, and any altered head', () => {
    expect(headSigner(next.privatePem).verify(signedByOld)).toBe(false);
    const rotated = headSigner(next.privatePem, [old.publicPem]);
    expect(rotated.verify({ ...signedByOld, seq: 42 })).toBe(false);
    // Claiming the current key for an old signature does not help either.
    expect(rotated.verify({ ...signedByOld, keyId: rotated.keyId })).toBe(false);
  });

  it('refuses a retired key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => headSigner(next.privatePem, [rsa])).toThrow(/Ed25519/);
  });

  it('reads several PEM blocks from one setting, and none from an empty one', () => {
    expect(publicKeysIn(`${old.publicPem}${next.publicPem}`)).toEqual([old.publicPem.trim(), next.publicPem.trim()]);
    expect(publicKeysIn(undefined)).toEqual([]);
  });
});
