import { router } from '@bianzhi/trpc/init';
import { accountRouter } from './account/account.router.js';
import { transferRouter } from './transfer/transfer.router.js';
import { personRouter } from './roll/roll.router.js';
import { planRouter } from './plan/plan.router.js';
import type { LedgerDeps } from './transfer/transfer.service.js';

export function createLedgerRouter(deps: LedgerDeps) {
  return router({ ledger: router({ account: accountRouter(deps), transfer: transferRouter(deps), person: personRouter(deps), plan: planRouter(deps) }) });
}

export type LedgerRouter = ReturnType<typeof createLedgerRouter>;
