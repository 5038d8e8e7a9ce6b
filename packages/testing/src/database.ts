import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { createDatabase } from '@bianzhi/db/kysely';
import { dropDatabase, ensureDatabase } from '@bianzhi/db/embedded-postgres';

export interface TestDatabase<DB> {
  url: string;
  db: Kysely<DB>;
  /** Drops the database; call in afterAll. */
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.BIANZHI_TEST_PG_ADMIN_URL;
  if (!url) {
    throw new Error('BIANZHI_TEST_PG_ADMIN_URL is not set: integration tests run through `npm test`, which starts PostgreSQL and migrates a template database');
  }
  return url;
}

/**
 * A fresh, fully migrated database for one test file, copied from the template that `npm test`
 * migrated once (CREATE DATABASE … TEMPLATE takes milliseconds).
 */
export async function createTestDatabase<DB = unknown>(label: string): Promise<TestDatabase<DB>> {
  const admin = adminUrl();
  const template = process.env.BIANZHI_TEST_PG_TEMPLATE ?? 'bianzhi_template';
  const name = `t_${label.replace(/\W+/g, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(admin, name, template);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = createDatabase<DB>({ url: url.toString(), max: 5, applicationName: `test-${label}` });
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await dropDatabase(admin, name);
    },
  };
}

/** The registry's jurisdictions in a test database, as a ledger scope lists them (the authority table needs their levels). */
export async function registryJurisdictions(db: Kysely<unknown>): Promise<{ id: string; parentId: string | null; name: string; level: string }[]> {
  const { rows } = await sql<{ id: string; parentId: string | null; name: string; level: string }>`select id, parent_id as "parentId", name, level from registry.jurisdictions`.execute(db);
  return rows;
}
