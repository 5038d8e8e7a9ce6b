import { sql, type Kysely } from 'kysely';

/**
 * Supervision as DOMAIN.md describes it: each violation has a kind and a deadline; the unit reports
 * its rectification (with evidence files, stored with their sha256) and only an inspector's closure
 * lifts the approval block. The daily signed chain heads are kept here too, beside the files.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit.violations drop constraint violations_status_check`.execute(db);
  await sql`update audit.violations set status = 'closed' where status = 'rectified'`.execute(db);
  await sql`
    alter table audit.violations
      add constraint violations_status_check check (status in ('open', 'rectifying', 'closed')),
      add column kind text not null default 'other'
        check (kind in ('over_quota_hiring', 'over_post_appointment', 'unauthorized_organization', 'ghost_employee', 'mixed_posting', 'other')),
      add column organization_name text not null default '',
      add column deadline date,
      add column finding_id uuid,
      add column closed_by jsonb,
      add column closed_at timestamptz,
      add column conclusion text,
      add constraint violations_closed_complete check ((status = 'closed') = (closed_at is not null))`.execute(db);
  await sql`update audit.violations set closed_at = rectified_at, closed_by = rectified_by, conclusion = rectification where status = 'closed'`.execute(db);
  await sql`drop index audit.violations_open`.execute(db);
  await sql`create index violations_blocking on audit.violations (organization_id) where status <> 'closed'`.execute(db);
  await sql`create index violations_deadline on audit.violations (deadline) where status <> 'closed'`.execute(db);

  // The log viewer filters by actor and by unit (an event about the unit, or one whose payload names it).
  await sql`create index events_actor on audit.events ((actor->>'id'), seq)`.execute(db);
  await sql`create index events_organization on audit.events ((payload->>'organizationId'), seq)`.execute(db);

  await sql`
    create table audit.evidence (
      id uuid primary key default gen_random_uuid(),
      violation_id uuid not null references audit.violations (id),
      file_name text not null check (length(file_name) between 1 and 255),
      content_type text not null,
      size integer not null check (size >= 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea not null,
      uploaded_by jsonb not null,
      uploaded_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index evidence_violation on audit.evidence (violation_id, uploaded_at)`.execute(db);
  // Evidence, like the log, is never changed or removed; a correction is a new file.
  await sql`
    create function audit.evidence_append_only() returns trigger language plpgsql as $$
    begin raise exception 'evidence files are append-only'; end $$`.execute(db);
  await sql`create trigger evidence_append_only before update or delete on audit.evidence
    for each row execute function audit.evidence_append_only()`.execute(db);

  // The head of the chain as signed at the end of each day; the same record is written to a file.
  await sql`
    create table audit.signed_heads (
      day date primary key,
      seq bigint not null,
      hash text not null,
      key_id text not null,
      signature text not null,
      signed_at timestamptz not null default now()
    )`.execute(db);

  // Cross-checks (交叉比对): imported payroll (财政工资统发) and cadre records, runs against the roll, findings.
  await sql`
    create table audit.crosscheck_batches (
      id uuid primary key,
      kind text not null check (kind in ('payroll', 'cadre')),
      month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      file_name text not null,
      rows integer not null,
      jurisdiction_ids uuid[],
      created_by jsonb not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table audit.crosscheck_rows (
      batch_id uuid not null references audit.crosscheck_batches (id),
      row_no integer not null,
      id_number text not null,
      name text not null,
      organization_id uuid not null,
      amount numeric(12, 2),
      rank text,
      title text,
      primary key (batch_id, row_no)
    )`.execute(db);
  await sql`
    create table audit.crosscheck_runs (
      id uuid primary key,
      payroll_batch_id uuid not null references audit.crosscheck_batches (id),
      cadre_batch_id uuid references audit.crosscheck_batches (id),
      state text not null check (state in ('running', 'succeeded', 'failed')),
      counts jsonb not null default '{}',
      error text,
      created_by jsonb not null,
      started_at timestamptz not null default now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`
    create table audit.findings (
      id uuid primary key default gen_random_uuid(),
      run_id uuid not null references audit.crosscheck_runs (id),
      kind text not null check (kind in ('paid_not_on_roll', 'on_roll_not_paid', 'paid_elsewhere', 'beyond_posts')),
      organization_id uuid not null,
      organization_name text not null,
      jurisdiction_id uuid not null,
      id_number text,
      name text,
      detail jsonb not null default '{}',
      violation_id uuid references audit.violations (id)
    )`.execute(db);
  await sql`create index findings_run on audit.findings (run_id, kind)`.execute(db);

  // Public disclosure (信息公开): published snapshots (kept, so each stays online a year or more) and
  // the half-yearly completeness evaluations.
  await sql`
    create table audit.disclosure_snapshots (
      id uuid primary key,
      units integer not null,
      published_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table audit.disclosed_units (
      snapshot_id uuid not null references audit.disclosure_snapshots (id),
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      jurisdiction_name text not null,
      name text not null,
      record jsonb not null,
      primary key (snapshot_id, organization_id)
    )`.execute(db);
  await sql`create index disclosed_units_jurisdiction on audit.disclosed_units (snapshot_id, jurisdiction_id, name)`.execute(db);
  await sql`
    create table audit.disclosure_evaluations (
      id uuid primary key,
      period text not null unique check (period ~ '^[0-9]{4}-H[12]$'),
      snapshot_id uuid not null references audit.disclosure_snapshots (id),
      evaluated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table audit.disclosure_scores (
      evaluation_id uuid not null references audit.disclosure_evaluations (id),
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      name text not null,
      score integer not null check (score between 0 and 100),
      missing text[] not null,
      primary key (evaluation_id, organization_id)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit.disclosure_scores, audit.disclosure_evaluations, audit.disclosed_units, audit.disclosure_snapshots`.execute(db);
  await sql`drop table audit.findings`.execute(db);
  await sql`drop table audit.crosscheck_runs`.execute(db);
  await sql`drop table audit.crosscheck_rows`.execute(db);
  await sql`drop table audit.crosscheck_batches`.execute(db);
  await sql`drop table audit.signed_heads`.execute(db);
  await sql`drop table audit.evidence`.execute(db);
  await sql`drop function audit.evidence_append_only`.execute(db);
  await sql`drop index audit.events_actor`.execute(db);
  await sql`drop index audit.events_organization`.execute(db);
}
