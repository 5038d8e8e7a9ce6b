import { disclosureScoreInput, disclosureUnitInput, disclosureUnitsInput, openDataInput } from '@bianzhi/contracts/audit';
import { authedProcedure, publicProcedure, router } from '@bianzhi/trpc/init';
import { todayInChina } from '@bianzhi/domain/calendar';
import type { AuditDb } from '../db.js';
import * as disclosure from './disclosure.service.js';
import { namedRollInput, namedRollOpenDataInput, namedRollSearchInput } from '@bianzhi/contracts/named-roll';
import * as namedRoll from './named-roll.service.js';

/**
 * 信息公开. The reads are public (the gateway lets them through without a session, as a principal
 * with no role) and serve only the published snapshot: non-classified units, no person.
 */
export function disclosureRouter(db: AuditDb, sources: disclosure.DisclosureSources) {
  const manage = authedProcedure.meta({ permission: 'audit.disclosure.manage' });
  return router({
    units: publicProcedure.input(disclosureUnitsInput).query(({ input }) => disclosure.publicUnits(db, input)),
    unit: publicProcedure.input(disclosureUnitInput).query(({ input }) => disclosure.publicUnit(db, input.id)),
    jurisdictions: publicProcedure.query(() => disclosure.publicJurisdictions(db)),
    score: publicProcedure.input(disclosureScoreInput).query(({ input }) => disclosure.disclosureScores(db, input)),
    openData: publicProcedure.input(openDataInput).query(({ input }) => disclosure.openData(db, input.format)),
    // 实名制公示: a unit's named roll, search by name, open data — name, quota type and post category only.
    namedRoll: publicProcedure.input(namedRollInput).query(({ input }) => namedRoll.publishedNamedRoll(db, input)),
    searchPeople: publicProcedure.input(namedRollSearchInput).query(({ input }) => namedRoll.searchNamedRoll(db, input)),
    namedRollData: publicProcedure.input(namedRollOpenDataInput).query(({ input }) => namedRoll.namedRollOpenData(db, input.format)),
    publish: manage.mutation(({ ctx }) => disclosure.publishDisclosure(db, sources, ctx.principal, ctx.requestId)),
    evaluate: manage.mutation(() => disclosure.evaluateDisclosure(db, sources, disclosure.periodOf(todayInChina()))),
  });
}
