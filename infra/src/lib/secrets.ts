import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_DIR } from './paths.js';

export interface LocalSecrets {
  internalJwtSecret: string;
  authSecret: string;
}

/** Dev-only secrets, generated on first run and kept under .data/ (never in the repo). */
export function localSecrets(dir = DATA_DIR): LocalSecrets {
  const file = path.join(dir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  mkdirSync(dir, { recursive: true });
  const secrets = { internalJwtSecret: randomBytes(32).toString('hex'), authSecret: randomBytes(32).toString('hex') };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
