// `npm run audit:verify [-- audit-head-2026-12-01.json …]`: recomputes the audit chain of DATABASE_URL
// (or the dev database), checks it against every signed daily head stored and every head file
// given, and names the first broken link. Exits 1 when anything does not hold.
import { readFileSync } from 'node:fs';
import type { DB } from '@bianzhi/db/generated/audit';
import { signedHead } from '@bianzhi/contracts/audit';
import { headSigner, publicKeysIn } from '@bianzhi/audit/log/signed-head';
import { verifyChain } from '@bianzhi/audit/log/log.service';
import { localSecrets } from './lib/secrets.js';
import { say } from './lib/log.js';
import { runVerifier } from './lib/verifier.js';

const files = process.argv.slice(2).filter((a) => !a.startsWith('-'));
await runVerifier<DB>('audit-verify', 'audit log', async (db) => {
  let ok = true;
  const signer = headSigner(process.env.AUDIT_SIGNING_KEY ?? localSecrets().auditSigningKey, publicKeysIn(process.env.AUDIT_RETIRED_PUBLIC_KEYS));
  const heads = files.map((file) => signedHead.parse(JSON.parse(readFileSync(file, 'utf8'))));
  for (const [i, head] of [undefined, ...heads].entries()) {
    const result = await verifyChain(db, signer, head);
    const against = head ? ` and ${files[i - 1]}` : '';
    if (result.ok) say(`chain intact: ${result.checked.toLocaleString('en-US')} entries, head ${result.headHash.slice(0, 16)}…, signed heads checked${against}`, 'ok');
    else {
      ok = false;
      if (result.firstBrokenSeq !== null) say(`chain broken at entry ${result.firstBrokenSeq}${against}`, 'error');
      for (const m of result.signedHeadMismatches) say(`the chain no longer contains the head signed for ${m.day} (entry ${m.seq})${against}`, 'error');
    }
  }
  return ok;
});
