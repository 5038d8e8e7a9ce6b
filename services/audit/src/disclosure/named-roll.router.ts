import { applyNamedRollInput, namedRollForMatterInput } from '@bianzhi/contracts/named-roll';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { AuditDb } from '../db.js';
import type { JurisdictionList } from '../assessment/assessment.service.js';
import * as namedRoll from './named-roll.service.js';

/** 实名制公示's switch: the bureaus read it for their jurisdictions; only the platform sets it, applying an approved matter. */
export function namedRollRouter(db: AuditDb, jurisdictions: JurisdictionList) {
  const platform = internalProcedure.meta({ permission: 'audit.namedRoll.apply' });
  return router({
    settings: authedProcedure.meta({ permission: 'audit.namedRoll.read' }).query(({ ctx }) => namedRoll.namedRollSettings(db, jurisdictions, ctx.principal)),
    forMatter: platform.input(namedRollForMatterInput).query(({ input }) => namedRoll.namedRollForMatter(db, input.jurisdictionId)),
    applySetting: platform.input(applyNamedRollInput).mutation(({ ctx, input }) => namedRoll.applyNamedRoll(db, ctx.principal, input, ctx.requestId)),
  });
}
