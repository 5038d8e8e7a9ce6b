import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, PREPARED } from './kysely.js';
import { pgArray } from './pg-array.js';

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

describe('binary array parameters', () => {
  it('reach PostgreSQL as the values they were, nulls included', async () => {
    const uuids = ['0b8f5c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e', null, 'FFFFFFFF-FFFF-4FFF-8FFF-FFFFFFFFFFFF'];
    const bigints = [0, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, null];
    const texts = ['市编〔2026〕1号', '', 'a,b "c" {d} \\e', 'NULL', null];
    const { rows } = await sql<{ u: string[]; b: string[]; i: number[]; t: (string | null)[]; d: string[]; ts: string[]; f: boolean[] }>`
      select ${pgArray('uuid', uuids)}::text[] as u, ${pgArray('bigint', bigints)}::text[] as b, ${pgArray('int', [2147483647, -2147483648])} as i,
        ${pgArray('text', texts)} as t, ${pgArray('date', ['1999-12-31', '2026-12-03', '2000-01-01'])}::text[] as d,
        array(select to_char(x at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') from unnest(${pgArray('timestamptz', [new Date('2026-12-03T01:02:03.004Z'), '1970-01-01T00:00:00Z'])}) x) as ts,
        ${pgArray('boolean', [true, false, null])} as f`.execute(db);
    expect(rows[0]).toEqual({
      u: ['0b8f5c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e', null, 'ffffffff-ffff-4fff-8fff-ffffffffffff'],
      b: ['0', '-1', '9007199254740991', '-9007199254740991', null],
      i: [2147483647, -2147483648],
      t: texts,
      d: ['1999-12-31', '2026-12-03', '2000-01-01'],
      ts: ['2026-12-03T01:02:03.004000', '1970-01-01T00:00:00.000000'],
      f: [true, false, null],
    });
  });

  it('go through a statement prepared once per connection', async () => {
    for (const n of [1, 3]) {
      const ids = Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
      const { rows } = await sql<{ n: number }>`${sql.raw(PREPARED)} select cardinality(${pgArray('uuid', ids)}) as n`.execute(db);
      expect(rows[0]!.n).toBe(n);
    }
  });
});
