import type { DB } from '@bianzhi/db/generated/ledger';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { runService } from '@bianzhi/trpc/run-service';
import { registryScope } from '@bianzhi/registry/scope-client';
import { readLedgerEnv } from './env.js';
import { createLedgerRouter } from './router.js';
import { expireOverdue } from './transfer/transfer.service.js';

const env = readLedgerEnv();
const scope = registryScope({ registryUrl: env.REGISTRY_URL, secret: env.INTERNAL_JWT_SECRET });
let sweeper: NodeJS.Timeout | undefined;
await runService<DB, ReturnType<typeof createLedgerRouter>>({
  name: 'quota-ledger',
  schema: 'ledger',
  env,
  router: (db) => createLedgerRouter({ db, scope, clock: () => new Date() }),
  configure: (app, db) => {
    // Reservations past their plan's end are voided as `expire` transfers, as the platform.
    sweeper = setInterval(() => {
      expireOverdue({ db, scope, clock: () => new Date() }, servicePrincipal('quota-ledger')).catch((error: unknown) => app.log.warn({ err: error }, 'expiry sweep failed; will retry'));
    }, env.EXPIRY_SWEEP_MS);
    sweeper.unref();
  },
  onClose: async () => clearInterval(sweeper),
});
