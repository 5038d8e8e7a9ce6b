import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_DIR } from './paths.js';

export interface LocalSecrets {
  internalJwtSecret: string;
  authSecret: string;
  /** Keys the hash that turns an account holder's national ID number into their person id (gateway). */
  personKeySecret: string;
  /** Ed25519 private key (PKCS#8 PEM) the audit service signs its daily chain heads with. */
  auditSigningKey: string;
  /** Encrypts the linkage subscriptions' signing secrets at rest (audit, `LINKAGE_SECRET_KEY`, 64 hex digits). */
  linkageSecretKey: string;
}

export const newAuditSigningKey = (): string => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Fresh secrets for one run (tests): nothing is kept. */
export function ephemeralSecrets(): LocalSecrets {
  return { internalJwtSecret: randomBytes(32).toString('hex'), authSecret: randomBytes(32).toString('hex'), personKeySecret: randomBytes(32).toString('hex'), auditSigningKey: newAuditSigningKey(), linkageSecretKey: randomBytes(32).toString('hex') };
}

/** Dev-only secrets, generated on first run and kept under .data/ (never in the repo); a key added later is filled in. */
export function localSecrets(dir = DATA_DIR): LocalSecrets {
  const file = path.join(dir, 'secrets.json');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : {};
  const secrets = { ...ephemeralSecrets(), ...kept };
  if (Object.keys(kept).length !== Object.keys(secrets).length) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
