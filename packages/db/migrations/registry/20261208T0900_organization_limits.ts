import { sql, type Kysely } from 'kysely';

/**
 * Organization limits (机构限额, DOMAIN.md "Organization limits"): per jurisdiction and category the
 * maximum number of live organizations, and per jurisdiction the staffing range of one internal
 * department. Organs gain their branch (party, government, other), which the party-organ and
 * government-department limits count. Every change of a limit or a range is kept in limit_changes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table registry.organizations
      add column organ_branch text check (organ_branch in ('party', 'government', 'other')),
      add constraint organizations_branch_only_organs check (organ_branch is null or kind = 'organ')
  `.execute(db);
  await sql`create index organizations_live_by_jurisdiction on registry.organizations (jurisdiction_id, kind) where status in ('planned', 'active', 'merging')`.execute(db);

  await sql`
    create table registry.organization_limits (
      jurisdiction_id uuid not null references registry.jurisdictions (id),
      category text not null check (category in ('organ_all', 'organ_party', 'organ_government', 'institution_all', 'institution_welfare_1', 'institution_welfare_2', 'institution_business', 'institution_administrative')),
      maximum integer not null check (maximum >= 0),
      document_number text not null,
      updated_by jsonb not null,
      updated_at timestamptz not null default now(),
      primary key (jurisdiction_id, category)
    )`.execute(db);

  await sql`
    create table registry.department_ranges (
      jurisdiction_id uuid primary key references registry.jurisdictions (id),
      min_headcount integer not null check (min_headcount >= 0),
      max_headcount integer not null,
      document_number text not null,
      updated_by jsonb not null,
      updated_at timestamptz not null default now(),
      check (max_headcount >= min_headcount)
    )`.execute(db);

  // What each limit or range was before and after every change; never updated or deleted.
  await sql`
    create table registry.limit_changes (
      id bigint generated always as identity primary key,
      jurisdiction_id uuid not null references registry.jurisdictions (id),
      subject text not null,
      before jsonb,
      after jsonb,
      document_number text not null,
      actor jsonb not null,
      recorded_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index limit_changes_jurisdiction on registry.limit_changes (jurisdiction_id, id)`.execute(db);
  await sql`
    create function registry.limit_changes_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'registry.limit_changes is append-only';
    end $$`.execute(db);
  await sql`create trigger limit_changes_append_only before update or delete on registry.limit_changes for each row execute function registry.limit_changes_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table registry.limit_changes`.execute(db);
  await sql`drop function registry.limit_changes_append_only`.execute(db);
  await sql`drop table registry.department_ranges`.execute(db);
  await sql`drop table registry.organization_limits`.execute(db);
  await sql`drop index registry.organizations_live_by_jurisdiction`.execute(db);
  await sql`alter table registry.organizations drop constraint organizations_branch_only_organs, drop column organ_branch`.execute(db);
}
