// `npm run audit:verify [-- audit-head-2026-12-01.json …]`: recomputes the audit chain of DATABASE_URL
// (or the dev database), checks it against every signed daily head stored and every head file
// given, and names the first broken link. Exits 1 when anything does not hold.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '@bianzhi/db/generated/audit';
import { createDatabase } from '@bianzhi/db/kysely';
import { signedHead } from '@bianzhi/contracts/audit';
import { headSigner, publicKeysIn } from '@bianzhi/audit/log/signed-head';
import { verifyChain } from '@bianzhi/audit/log/log.service';
import { DATA_DIR } from './lib/paths.js';
import { defaultPorts } from './lib/ports.js';
import { provideDatabase } from './lib/postgres.js';
import { localSecrets } from './lib/secrets.js';
import { say } from './lib/log.js';

const files = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const database = await provideDatabase({ dataDir: path.join(DATA_DIR, 'pg'), port: defaultPorts.postgres, database: 'bianzhi', persistent: true });
const db = createDatabase<DB>({ url: database.url, applicationName: 'audit-verify', max: 1 }) as Kysely<DB>;
let failed = false;
try {
  const signer = headSigner(process.env.AUDIT_SIGNING_KEY ?? localSecrets().auditSigningKey, publicKeysIn(process.env.AUDIT_RETIRED_PUBLIC_KEYS));
  const heads = files.map((file) => signedHead.parse(JSON.parse(readFileSync(file, 'utf8'))));
  for (const [i, head] of [undefined, ...heads].entries()) {
    const result = await verifyChain(db, signer, head);
    const against = head ? ` and ${files[i - 1]}` : '';
    if (result.ok) say(`chain intact: ${result.checked.toLocaleString('en-US')} entries, head ${result.headHash.slice(0, 16)}…, signed heads checked${against}`, 'ok');
    else {
      failed = true;
      if (result.firstBrokenSeq !== null) say(`chain broken at entry ${result.firstBrokenSeq}${against}`, 'error');
      for (const m of result.signedHeadMismatches) say(`the chain no longer contains the head signed for ${m.day} (entry ${m.seq})${against}`, 'error');
    }
  }
} catch (error) {
  failed = true;
  const missing = (error as { code?: string }).code === '42P01';
  say(missing ? 'this database has no audit log yet: run `npm run migrate`, or point DATABASE_URL at the platform’s database' : error instanceof Error ? error.message : String(error), 'error');
} finally {
  await db.destroy();
  await database.stop();
}
process.exit(failed ? 1 : 0);
