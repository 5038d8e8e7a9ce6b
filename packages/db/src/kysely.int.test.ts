import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, PREPARED } from './kysely.js';

const url = process.env.BIANZHI_TEST_PG_ADMIN_URL;
if (!url) throw new Error('BIANZHI_TEST_PG_ADMIN_URL is not set: integration tests run through `npm test`');
const db = createDatabase<unknown>({ url, max: 2, applicationName: 'test-kysely' });
afterAll(() => db.destroy());

const planMode = async (executor: Parameters<ReturnType<typeof sql>['execute']>[0], prepared: boolean) => {
  const { rows } = await sql<{ mode: string; pid: number }>`${sql.raw(prepared ? PREPARED : '')} select current_setting('plan_cache_mode') as mode, pg_backend_pid() as pid`.execute(executor);
  return rows[0]!;
};

describe('prepared statements', () => {
  it('run outside a transaction on connections that keep the generic plan, and leave the others alone', async () => {
    const prepared = await planMode(db, true);
    expect(prepared.mode).toBe('force_generic_plan');
    expect((await planMode(db, false)).mode).toBe('auto');
    // Run again, it is the same statement on a connection of the same kind (parsed there once).
    expect((await planMode(db, true)).mode).toBe('force_generic_plan');
  });

  it('run inside a transaction on its connection, as part of it', async () => {
    await db.transaction().execute(async (trx) => {
      const plain = await planMode(trx, false);
      const prepared = await planMode(trx, true);
      expect(prepared).toEqual(plain);
    });
    // The connection is back to routing prepared statements once the transaction ended.
    expect((await planMode(db, true)).mode).toBe('force_generic_plan');
  });
});
