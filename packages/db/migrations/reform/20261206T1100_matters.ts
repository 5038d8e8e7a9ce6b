import { sql, type Kysely } from 'kysely';

/**
 * Matters and their approval chains (事项审批), owned by the reform service beside its projects.
 * The tables are the record of a matter: its steps, its immutable history of events and its
 * documents. A Temporal workflow per matter keeps its time (deadlines, reminders, escalation) and
 * applies its effect once approved.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table reform.matters (
      id uuid primary key,
      kind text not null,
      title text not null check (length(btrim(title)) between 1 and 200),
      reason text not null,
      state text not null check (state in ('in_review', 'returned', 'approved', 'applied', 'failed', 'rejected', 'withdrawn')),
      jurisdiction_id uuid not null,
      deciding_jurisdiction_id uuid not null,
      content jsonb not null,
      request_hash text not null,
      filed_by jsonb not null,
      filed_person text not null,
      filed_at timestamptz not null default now(),
      current_step integer not null default 0,
      approval_document_number text,
      failure text,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index matters_jurisdiction on reform.matters (jurisdiction_id, filed_at desc)`.execute(db);
  await sql`create index matters_deciding on reform.matters (deciding_jurisdiction_id, filed_at desc)`.execute(db);
  await sql`create index matters_filer on reform.matters (filed_person, filed_at desc)`.execute(db);
  await sql`
    create table reform.matter_steps (
      matter_id uuid not null references reform.matters (id),
      index integer not null,
      kind text not null check (kind in ('accept', 'review', 'approve')),
      jurisdiction_id uuid not null,
      level text not null check (level in ('city', 'district', 'township')),
      deadline timestamptz,
      reminded boolean not null default false,
      escalated boolean not null default false,
      overdue_noted boolean not null default false,
      decided_by jsonb,
      decided_person text,
      decided_at timestamptz,
      primary key (matter_id, index)
    )`.execute(db);
  // The to-do list: waiting steps by where they are decided.
  await sql`create index matter_steps_waiting on reform.matter_steps (jurisdiction_id, deadline) where decided_at is null`.execute(db);
  await sql`
    create table reform.matter_events (
      id bigserial primary key,
      matter_id uuid not null references reform.matters (id),
      decision_id text,
      kind text not null,
      step_index integer,
      actor jsonb,
      actor_person text,
      comment text not null default '',
      document_ids uuid[] not null default '{}',
      at timestamptz not null default now(),
      unique (matter_id, decision_id)
    )`.execute(db);
  await sql`create index matter_events_actor on reform.matter_events (actor_person, at desc)`.execute(db);
  await sql`
    create table reform.matter_documents (
      id uuid primary key,
      matter_id uuid not null references reform.matters (id),
      title text not null,
      document_number text,
      file_name text,
      content_type text,
      content bytea,
      added_by jsonb,
      added_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index matter_documents_matter on reform.matter_documents (matter_id)`.execute(db);
  // History is never rewritten: events and documents are append-only.
  await sql`
    create function reform.append_only() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name;
    end $$`.execute(db);
  await sql`create trigger matter_events_append_only before update or delete on reform.matter_events for each row execute function reform.append_only()`.execute(db);
  await sql`create trigger matter_documents_append_only before update or delete on reform.matter_documents for each row execute function reform.append_only()`.execute(db);
  await sql`
    create table reform.matter_routing (
      jurisdiction_id uuid not null,
      kind text not null,
      decided_at text not null check (decided_at in ('own', 'city')),
      updated_by jsonb not null,
      updated_at timestamptz not null default now(),
      primary key (jurisdiction_id, kind)
    )`.execute(db);
  await sql`
    create table reform.calendar_days (
      day date primary key,
      kind text not null check (kind in ('holiday', 'workday')),
      name text not null default ''
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table reform.calendar_days, reform.matter_routing, reform.matter_documents, reform.matter_events, reform.matter_steps, reform.matters`.execute(db);
  await sql`drop function reform.append_only`.execute(db);
}
