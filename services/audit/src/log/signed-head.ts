import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { SignedHead } from '@bianzhi/contracts/audit';
import { addDays, chinaDayStart } from '@bianzhi/domain/calendar';
import { DomainError } from '@bianzhi/domain/errors';
import type { AuditDb } from '../db.js';
import { canonicalJson, GENESIS_HASH } from './chain.js';
import { repeatHourly, type JobLog } from '../hourly.js';

/**
 * Signs chain heads with the audit service's Ed25519 key. A database superuser can rewrite the log
 * and recompute every hash, but cannot sign: a head exported earlier (a file kept outside the
 * database) that the chain no longer contains shows the edit.
 */
export interface HeadSigner {
  keyId: string;
  publicKeyPem: string;
  /** Keys that signed earlier heads and still verify them (rotation); they sign nothing new. */
  retiredKeyIds: string[];
  sign(head: Omit<SignedHead, 'signature' | 'keyId'>): SignedHead;
  verify(head: SignedHead): boolean;
}

const signedText = (head: Omit<SignedHead, 'signature'>) => canonicalJson({ day: head.day, seq: head.seq, hash: head.hash, keyId: head.keyId });

/** A key's id: the first 16 hex digits of the SHA-256 of its public key (SPKI DER). */
const keyIdOf = (publicKey: KeyObject) => createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);

/** The PEM public keys in one text (AUDIT_RETIRED_PUBLIC_KEYS holds several, one after the other). */
export function publicKeysIn(text: string | undefined): string[] {
  return [...(text ?? '').matchAll(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g)].map((m) => m[0]);
}

/**
 * The current signing key, and the public keys of retired ones: after a rotation, heads signed
 * before it still verify (a head names its key), and only the current key signs.
 */
export function headSigner(privateKeyPem: string, retiredPublicKeyPems: string[] = []): HeadSigner {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 private key (PKCS#8 PEM)');
  const publicKey: KeyObject = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  const retired = retiredPublicKeyPems.map((pem) => {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_RETIRED_PUBLIC_KEYS must hold Ed25519 public keys (SPKI PEM)');
    return [keyIdOf(key), key] as const;
  });
  const verifiers = new Map<string, KeyObject>([...retired, [keyId, publicKey]]);
  return {
    keyId,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    retiredKeyIds: retired.map(([id]) => id).filter((id) => id !== keyId),
    sign(head) {
      const unsigned = { ...head, keyId };
      return { ...unsigned, signature: sign(null, Buffer.from(signedText(unsigned)), privateKey).toString('base64') };
    },
    verify(head) {
      const key = verifiers.get(head.keyId);
      if (!key) return false;
      try {
        return verify(null, Buffer.from(signedText(head)), key, Buffer.from(head.signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}

/** A signer with a key made for this process only (tests). */
export const ephemeralHeadSigner = (): HeadSigner => headSigner(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

const toSignedHead = (row: { day: string; seq: number; hash: string; key_id: string; signature: string }): SignedHead => ({
  day: row.day,
  seq: Number(row.seq),
  hash: row.hash,
  keyId: row.key_id,
  signature: row.signature,
});


/**
 * Signs the head as it stood at the end of `day` (China time), stores it and, when a directory is
 * given, writes it as `audit-head-<day>.json`. Signing a day twice returns the first signature.
 */
export async function signDayHead(db: AuditDb, signer: HeadSigner, day: string, directory?: string): Promise<SignedHead> {
  const existing = await db.selectFrom('audit.signed_heads').selectAll().where('day', '=', day).executeTakeFirst();
  if (existing) return toSignedHead(existing);
  const last = await db
    .selectFrom('audit.events')
    .select(['seq', 'hash'])
    .where('received_at', '<', chinaDayStart(addDays(day, 1)))
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const head = signer.sign({ day, seq: last ? Number(last.seq) : 0, hash: last?.hash ?? GENESIS_HASH });
  await db
    .insertInto('audit.signed_heads')
    .values({ day, seq: head.seq, hash: head.hash, key_id: head.keyId, signature: head.signature })
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
  if (directory) {
    await mkdir(directory, { recursive: true });
    await writeFile(path.join(directory, `audit-head-${day}.json`), `${JSON.stringify({ ...head, publicKey: signer.publicKeyPem }, null, 2)}\n`);
  }
  return head;
}

export async function signedHeads(db: AuditDb, limit = 30): Promise<SignedHead[]> {
  const rows = await db.selectFrom('audit.signed_heads').selectAll().orderBy('day', 'desc').limit(limit).execute();
  return rows.map((row) => toSignedHead(row));
}

/** A signed head from outside (an uploaded file) must carry this service's valid signature. */
export function assertGenuine(signer: HeadSigner, head: SignedHead): void {
  if (!signer.verify(head)) {
    throw new DomainError('SIGNED_HEAD_INVALID', `signed head of ${head.day} (key ${head.keyId}) does not verify with key ${[signer.keyId, ...signer.retiredKeyIds].join(' or ')}`);
  }
}

/** The hash stored at each of these positions now (0 is the empty chain). */
export async function hashesAt(db: AuditDb, seqs: number[]): Promise<Map<number, string>> {
  const found = new Map<number, string>([[0, GENESIS_HASH]]);
  const wanted = seqs.filter((seq) => seq > 0);
  if (wanted.length === 0) return found;
  const rows = await db.selectFrom('audit.events').select(['seq', 'hash']).where('seq', 'in', wanted).execute();
  for (const row of rows) found.set(Number(row.seq), row.hash);
  return found;
}

/** Days (China time) that have ended and have no signed head yet, from the first event's day. */
export async function unsignedDays(db: AuditDb, today: string): Promise<string[]> {
  const rows = await sql<{ day: string }>`
    select to_char(d, 'YYYY-MM-DD') as day
    from generate_series(
      (select (min(received_at) at time zone 'Asia/Shanghai')::date from audit.events),
      ${today}::date - 1,
      interval '1 day') as d
    where not exists (select 1 from audit.signed_heads s where s.day = d::date)
    order by d`.execute(db);
  return rows.rows.map((row) => row.day);
}

/**
 * Signs every ended day that has no signed head yet, now and then hourly, so a missed night (the
 * service was down) is caught up. Returns a stop function.
 */
export function scheduleDailySigning(db: AuditDb, signer: HeadSigner, options: { directory?: string | undefined; log: JobLog; today: () => string }): () => void {
  const run = async () => {
    for (const day of await unsignedDays(db, options.today())) {
      const head = await signDayHead(db, signer, day, options.directory);
      options.log.info({ day, seq: head.seq, keyId: head.keyId }, 'signed the audit chain head of the day');
    }
  };
  return repeatHourly(run, { firstAfterMs: 5_000, log: options.log, failure: 'signing the daily audit head failed; will retry within the hour' });
}
