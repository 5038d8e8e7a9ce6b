import { sql, type Kysely } from 'kysely';

/** A jurisdiction's chain of steps for a kind of matter (受理 → 审核 → 审批 unless set): null keeps the default. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table reform.matter_routing add column steps text[] check (steps is null or (cardinality(steps) between 1 and 3 and steps[cardinality(steps)] = 'approve'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table reform.matter_routing drop column steps`.execute(db);
}
