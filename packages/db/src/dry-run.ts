import type { Kysely, Transaction } from 'kysely';

class RollBack extends Error {}

/**
 * Runs `work` in a transaction that is always rolled back, so a command's checks can be asked
 * without its effect: answers what the work threw, or null when it went through.
 */
export async function dryRun<DB>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<unknown>): Promise<unknown> {
  try {
    await db.transaction().execute(async (trx) => {
      await work(trx);
      throw new RollBack();
    });
  } catch (error) {
    return error instanceof RollBack ? null : error;
  }
  return null;
}
