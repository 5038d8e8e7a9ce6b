import type { DB } from '@bianzhi/db/generated/ledger';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { runService } from '@bianzhi/trpc/run-service';
import { registryScope } from '@bianzhi/registry/scope-client';
import { listenForNotifications } from '@bianzhi/db/listen';
import { readLedgerEnv } from './env.js';
import { remoteRules } from './rules/rules.port.js';
import { createLedgerRouter } from './router.js';
import { expireOverdue } from './transfer/transfer.service.js';
import { returnExpiredBorrowing } from './plan/plan.service.js';
import { closeEndedMonths } from './analysis/analysis.service.js';

const env = readLedgerEnv();
const scope = registryScope({ registryUrl: env.REGISTRY_URL, secret: env.INTERNAL_JWT_SECRET });
// A new or changed jurisdiction is in scope at once: the registry's table notifies, the cache forgets.
const jurisdictionChanges = listenForNotifications(env.DATABASE_URL, 'bianzhi_jurisdictions', () => scope.invalidate?.());
const rules = remoteRules({ registryUrl: env.REGISTRY_URL, auditUrl: env.AUDIT_URL, secret: env.INTERNAL_JWT_SECRET });
let sweeper: NodeJS.Timeout | undefined;
let monthClose: NodeJS.Timeout | undefined;
await runService<DB, ReturnType<typeof createLedgerRouter>>({
  name: 'quota-ledger',
  schema: 'ledger',
  env,
  router: (db) => createLedgerRouter({ db, scope, rules, clock: () => new Date() }),
  configure: (app, db) => {
    // Reservations past their plan's end are voided as `expire` transfers, as the platform.
    sweeper = setInterval(() => {
      const deps = { db, scope, rules, clock: () => new Date() };
      const platform = servicePrincipal('quota-ledger');
      expireOverdue(deps, platform)
        .then(() => returnExpiredBorrowing(deps, platform))
        .catch((error: unknown) => app.log.warn({ err: error }, 'expiry sweep failed; will retry'));
    }, env.EXPIRY_SWEEP_MS);
    sweeper.unref();
    // Month-end figures for the dashboard's trends: each ended month written once (backfilled two years).
    const closeMonths = () =>
      void closeEndedMonths({ db, scope, rules, clock: () => new Date() })
        .then((months) => months.length && app.log.info({ months }, 'wrote month-end figures'))
        .catch((error: unknown) => app.log.warn({ err: error }, 'writing month-end figures failed; will retry within the hour'));
    setTimeout(closeMonths, 10_000).unref();
    monthClose = setInterval(closeMonths, 3600 * 1000);
    monthClose.unref();
  },
  onClose: async () => {
    clearInterval(sweeper);
    clearInterval(monthClose);
    await jurisdictionChanges.stop();
  },
});
