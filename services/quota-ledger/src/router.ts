import { router } from '@bianzhi/trpc/init';
import type { LedgerDb } from './db.js';
import { accountRouter } from './account/account.router.js';

export function createLedgerRouter(db: LedgerDb) {
  return router({ ledger: router({ account: accountRouter(db) }) });
}

export type LedgerRouter = ReturnType<typeof createLedgerRouter>;
