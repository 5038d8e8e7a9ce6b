import { sql, type Kysely } from 'kysely';

/**
 * 实名制公示 (issue 25, docs/audit.md "Named-roll publication"): a switch per jurisdiction, off by
 * default, changed only by an approved matter (one row per matter applied, so a retry applies
 * nothing twice), and the named roll of a published snapshot: per unit each person's name, quota
 * type and post category — nothing else is stored, so no copy can hold more.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit.named_roll_settings (
      jurisdiction_id uuid primary key,
      enabled boolean not null,
      matter_id uuid not null,
      document_number text,
      changed_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table audit.named_roll_changes (
      matter_id uuid primary key,
      jurisdiction_id uuid not null,
      enabled boolean not null,
      document_number text,
      applied_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index named_roll_changes_jurisdiction on audit.named_roll_changes (jurisdiction_id, applied_at)`.execute(db);
  await sql`alter table audit.disclosure_snapshots add column named_roll_jurisdiction_ids uuid[] not null default '{}'`.execute(db);
  await sql`
    create table audit.disclosed_people (
      snapshot_id uuid not null references audit.disclosure_snapshots (id),
      organization_id uuid not null,
      position integer not null,
      name text not null,
      quota_type text not null,
      post_category text not null,
      primary key (snapshot_id, organization_id, position)
    )`.execute(db);
  await sql`create index disclosed_people_name on audit.disclosed_people (snapshot_id, name)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit.disclosed_people, audit.named_roll_changes, audit.named_roll_settings`.execute(db);
  await sql`alter table audit.disclosure_snapshots drop column named_roll_jurisdiction_ids`.execute(db);
}
