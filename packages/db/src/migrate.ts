import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { FileMigrationProvider, Migrator, type MigrationResult } from 'kysely/migration';
import { serviceSchemas, type ServiceSchema } from './schemas.js';

const migrationsRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export interface SchemaMigrationReport {
  schema: ServiceSchema;
  applied: string[];
}

/** Brings every service schema up to date. Each schema keeps its own migration table. */
export async function migrateToLatest(db: Kysely<unknown>, schemas: readonly ServiceSchema[] = serviceSchemas): Promise<SchemaMigrationReport[]> {
  const reports: SchemaMigrationReport[] = [];
  for (const schema of schemas) {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    const migrator = new Migrator({
      db,
      migrationTableSchema: schema,
      provider: new FileMigrationProvider({ fs, path, migrationFolder: path.join(migrationsRoot, schema) }),
    });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    if (error || failed) {
      const cause = error instanceof Error ? error.message : String(error ?? '');
      throw new Error(`migration ${failed?.migrationName ?? ''} of schema ${schema} failed: ${cause}`, { cause: error });
    }
    reports.push({ schema, applied: (results ?? []).map((r) => r.migrationName) });
  }
  return reports;
}
