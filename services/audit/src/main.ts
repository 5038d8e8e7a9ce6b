import type { DB } from '@bianzhi/db/generated/audit';
import { todayInChina } from '@bianzhi/domain/calendar';
import { runService } from '@bianzhi/trpc/run-service';
import { readAuditEnv } from './env.js';
import { headSigner, publicKeysIn, scheduleDailySigning } from './log/signed-head.js';
import { createAuditRouter } from './router.js';
import { remoteDisclosureSources, remoteLedger, remoteTargets } from './ledger-port.js';
import { scheduleDisclosure } from './disclosure/schedule.js';
import { registryScope } from './scope.js';
import { listenForNotifications } from '@bianzhi/db/listen';
import { startDispatcher } from './linkage/dispatcher.js';
import { linkageSettings } from './linkage/settings.js';

const env = readAuditEnv();
const scope = registryScope({ registryUrl: env.REGISTRY_URL, secret: env.INTERNAL_JWT_SECRET });
// A new or changed jurisdiction is in scope at once: the registry's table notifies, the cache forgets.
const jurisdictionChanges = listenForNotifications(env.DATABASE_URL, 'bianzhi_jurisdictions', () => scope.invalidate?.());
const signer = headSigner(env.AUDIT_SIGNING_KEY, publicKeysIn(env.AUDIT_RETIRED_PUBLIC_KEYS));
const disclosure = remoteDisclosureSources({ registryUrl: env.REGISTRY_URL, ledgerUrl: env.LEDGER_URL, secret: env.INTERNAL_JWT_SECRET });
const linkage = linkageSettings(env);
let stopDispatcher = async () => {};
let stopSigning = () => {};
let stopDisclosure = () => {};
// The audit service stores its own entries directly, so it runs no outbox relay (no AUDIT_URL).
await runService<DB, ReturnType<typeof createAuditRouter>>({
  name: 'audit',
  schema: 'audit',
  env,
  router: (db) => createAuditRouter(db, { scope, signer, ledger: remoteLedger({ ledgerUrl: env.LEDGER_URL, secret: env.INTERNAL_JWT_SECRET }), disclosure, jurisdictions: (principal) => scope.jurisdictionsOf(principal), targets: remoteTargets({ ledgerUrl: env.LEDGER_URL, secret: env.INTERNAL_JWT_SECRET }), linkage }),
  configure: (app, db) => {
    stopSigning = scheduleDailySigning(db, signer, { directory: env.AUDIT_HEAD_DIR, log: app.log, today: () => todayInChina() });
    stopDisclosure = scheduleDisclosure(db, disclosure, { log: app.log, today: () => todayInChina() });
    stopDispatcher = startDispatcher(db, { ...linkage, log: app.log });
  },
  onClose: async () => {
    stopSigning();
    stopDisclosure();
    await stopDispatcher();
    await jurisdictionChanges.stop();
  },
});
