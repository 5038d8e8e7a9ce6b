import { createDatabase } from '@bianzhi/db/kysely';
import { migrateToLatest } from '@bianzhi/db/migrate';
import { seedDemoData, type SeedReport } from '../seed/seed.js';
import { say } from './log.js';

export async function migrateDatabase(url: string): Promise<void> {
  const db = createDatabase<unknown>({ url, applicationName: 'migrate', max: 2 });
  try {
    const reports = await migrateToLatest(db);
    const applied = reports.flatMap((r) => r.applied.map((m) => `${r.schema}/${m}`));
    say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date');
  } finally {
    await db.destroy();
  }
}

export async function seedDatabase(url: string, options: { devUsers: boolean }): Promise<SeedReport> {
  const db = createDatabase<unknown>({ url, applicationName: 'seed', max: 2 });
  try {
    const report = await seedDemoData(db, options);
    say(report.created ? `demo city seeded: ${report.jurisdictions} jurisdictions, ${report.organizations} organizations` : 'demo data already present');
    return report;
  } finally {
    await db.destroy();
  }
}
