import { router } from '@bianzhi/trpc/init';
import type { AuditDb } from './db.js';
import type { JurisdictionScope } from './scope.js';
import { logRouter } from './log/log.router.js';
import { linkageRouter, violationRouter } from './violation/violation.router.js';
import { crosscheckRouter } from './crosscheck/crosscheck.router.js';
import type { LedgerPort } from './ledger-port.js';
import { reportRouter } from './report/report.router.js';
import { noticeRouter, talkRouter } from './supervision/supervision.router.js';
import { disclosureRouter } from './disclosure/disclosure.router.js';
import { timelinessRouter } from './disclosure/timeliness.router.js';
import { namedRollRouter } from './disclosure/named-roll.router.js';
import { evaluationRouter } from './evaluation/evaluation.router.js';
import { assessmentRouter } from './assessment/assessment.router.js';
import type { JurisdictionList, TargetsPort } from './assessment/assessment.service.js';
import type { DisclosureSources } from './disclosure/disclosure.service.js';
import type { HeadSigner } from './log/signed-head.js';
import { subscriptionRouter } from './linkage/subscription.router.js';
import { ephemeralLinkage, type LinkageSettings } from './linkage/settings.js';

export interface AuditPorts {
  scope: JurisdictionScope;
  signer: HeadSigner;
  ledger: LedgerPort;
  disclosure: DisclosureSources;
  /** The caller's jurisdictions with names and levels (assessment subjects). */
  jurisdictions: JurisdictionList;
  /** Reduction targets with their status, read from the ledger as the caller (assessment). */
  targets: TargetsPort;
  /** 出入编联动: the key that seals subscription secrets and whether local targets are allowed (absent: an ephemeral key, for tests that deliver nothing). */
  linkage?: LinkageSettings;
}

export function createAuditRouter(db: AuditDb, ports: AuditPorts) {
  return router({
    audit: router({
      log: logRouter(db, ports.scope, ports.signer),
      violation: violationRouter(db, ports.scope),
      linkage: linkageRouter(db),
      crosscheck: crosscheckRouter(db, ports.scope, ports.ledger),
      report: reportRouter(db, ports.scope, ports.ledger),
      disclosure: disclosureRouter(db, ports.disclosure),
      timeliness: timelinessRouter(db, ports.scope),
      namedRoll: namedRollRouter(db, ports.jurisdictions),
      evaluation: evaluationRouter({ db, scope: ports.scope, ledger: ports.ledger }),
      assessment: assessmentRouter({ db, scope: ports.scope, jurisdictions: ports.jurisdictions, targets: ports.targets }),
      notice: noticeRouter(db, ports.scope, ports.ledger),
      talk: talkRouter(db, ports.scope),
      subscription: subscriptionRouter({ db, scope: ports.scope, ...(ports.linkage ?? ephemeralLinkage()) }),
    }),
  });
}

export type AuditRouter = ReturnType<typeof createAuditRouter>;
