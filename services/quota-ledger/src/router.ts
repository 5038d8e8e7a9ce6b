import { router } from '@bianzhi/trpc/init';
import { accountRouter } from './account/account.router.js';
import { transferRouter } from './transfer/transfer.router.js';
import { personRouter } from './roll/roll.router.js';
import { namedRollRouter } from './roll/named-roll.router.js';
import { planRouter } from './plan/plan.router.js';
import { controlRouter } from './control/control.router.js';
import { leadershipRouter } from './leadership/leadership.router.js';
import { balanceRouter, statsRouter } from './stats/stats.router.js';
import { analysisRouter } from './analysis/analysis.router.js';
import { reformStepRouter } from './reform/reform.router.js';
import { auxiliaryRouter, purchaseRouter, workforceRouter } from './workforce/workforce.router.js';
import { indicatorRouter, standardRouter } from './standards/standards.router.js';
import { monitoringRouter, targetRouter } from './supervision/supervision.router.js';
import { verificationRouter } from './roll/verification.router.js';
import type { LedgerDeps } from './transfer/transfer.service.js';

export function createLedgerRouter(deps: LedgerDeps) {
  return router({
    ledger: router({
      account: accountRouter(deps),
      balance: balanceRouter(deps),
      transfer: transferRouter(deps),
      person: personRouter(deps),
      namedRoll: namedRollRouter(deps),
      plan: planRouter(deps),
      control: controlRouter(deps),
      leadership: leadershipRouter(deps),
      stats: statsRouter(deps),
      reform: reformStepRouter(deps),
      auxiliary: auxiliaryRouter(deps),
      purchase: purchaseRouter(deps),
      workforce: workforceRouter(deps),
      indicator: indicatorRouter(deps),
      standard: standardRouter(deps),
      target: targetRouter(deps),
      monitoring: monitoringRouter(deps),
      verification: verificationRouter(deps),
    }),
    analysis: analysisRouter(deps),
  });
}

export type LedgerRouter = ReturnType<typeof createLedgerRouter>;
