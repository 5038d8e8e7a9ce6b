import { sql, type Kysely } from 'kysely';
import { pinyin } from 'pinyin-pro';

// Search by pinyin initials (市教育局 → sjyj), as bureau staff type them. Kept in a column so that
// searching is one indexed LIKE; filled for existing rows here and by the service from now on.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table registry.organizations add column name_initials text not null default ''`.execute(db);
  const rows = await db.selectFrom('registry.organizations').select(['id', 'name']).execute();
  for (const row of rows) {
    const initials = pinyin(row.name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
    await db.updateTable('registry.organizations').set({ name_initials: initials }).where('id', '=', row.id).execute();
  }
  await sql`create index organizations_initials on registry.organizations (name_initials text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table registry.organizations drop column name_initials`.execute(db);
}
