import { addDays, chinaDayStart, todayInChina } from '@bianzhi/domain/calendar';
import { quarterEnd, quarterEndsBetween, quarterOf } from '@bianzhi/domain/reduction';
import type { FrozenTargetDto } from '@bianzhi/contracts/reduction';
import type { AuditClient, LedgerClient, RegistryClient } from '../service-clients.js';

export interface SupervisionDeps {
  ledger: LedgerClient;
  audit: AuditClient;
  registry: RegistryClient;
}

/** The days a target's progress is frozen (each quarter end up to its deadline, then the deadline), each with the instant after it ends in China. */
export function targetDays(startDate: string, deadline: string): { day: string; wakeAt: string }[] {
  const days = [...new Set([...quarterEndsBetween(startDate, deadline), deadline])].sort();
  return days.map((day) => ({ day, wakeAt: chinaDayStart(addDays(day, 1)).toISOString() }));
}

/** The activities of the supervision workflows (reduction targets, quarterly monitoring). */
export function createSupervisionActivities(deps: SupervisionDeps) {
  return {
    async targetSchedule(input: { targetId: string }): Promise<{ day: string; wakeAt: string }[]> {
      const target = await deps.ledger.ledger.target.get.query({ id: input.targetId });
      return targetDays(target.startDate, target.deadline);
    },
    /**
     * Freezes the target's progress as of the day; at the deadline, short of the amount, opens the
     * violation on the unit and links it to the target (each step answers the same on a retry).
     */
    async freezeTargetDay(input: { targetId: string; day: string }): Promise<FrozenTargetDto> {
      const frozen = await deps.ledger.ledger.target.freeze.mutate({ id: input.targetId, day: input.day });
      if (frozen.status === 'missed' && frozen.organizationId && !frozen.violationId) {
        const target = await deps.ledger.ledger.target.get.query({ id: input.targetId });
        const violation = await deps.audit.audit.violation.openForTarget.mutate({ targetId: input.targetId, organizationId: frozen.organizationId, title: frozen.title, deadline: frozen.deadline, amount: target.amount, remaining: frozen.remaining });
        await deps.ledger.ledger.target.linkViolation.mutate({ id: input.targetId, violationId: violation.id });
        return { ...frozen, violationId: violation.id };
      }
      return frozen;
    },
    /** The quarter running at an instant (the workflow's time), and the instant it ends in China. */
    async nextQuarterEnd(input: { at: string }): Promise<{ quarter: string; wakeAt: string }> {
      const quarter = quarterOf(todayInChina(new Date(input.at)));
      return { quarter, wakeAt: chinaDayStart(addDays(quarterEnd(quarter), 1)).toISOString() };
    },
    /** Freezes the quarter for every jurisdiction (each once; one already frozen is left as it is). */
    async freezeQuarterEverywhere(input: { quarter: string }): Promise<{ jurisdictions: number }> {
      const jurisdictions = await deps.registry.registry.jurisdiction.list.query({});
      for (const j of jurisdictions) await deps.ledger.ledger.monitoring.freeze.mutate({ jurisdictionId: j.id, quarter: input.quarter });
      return { jurisdictions: jurisdictions.length };
    },
  };
}

export type SupervisionActivities = ReturnType<typeof createSupervisionActivities>;
