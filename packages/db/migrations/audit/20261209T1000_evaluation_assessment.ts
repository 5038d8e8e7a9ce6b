import { sql, type Kysely } from 'kysely';

/**
 * 机构编制评估 and 考核 (issue 23, docs/audit.md "Evaluation and assessment"): an evaluation of one
 * unit (its workload figures, the platform's figures as scored, a conclusion approved as a matter),
 * and the yearly assessment sheet with a score per district, township or department.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit.evaluations (
      id uuid primary key,
      organization_id uuid not null,
      organization_name text not null,
      jurisdiction_id uuid not null,
      year integer not null check (year between 2000 and 2200),
      title text not null check (length(title) between 1 and 200),
      state text not null default 'draft' check (state in ('draft', 'scored', 'approved')),
      workload jsonb not null default '[]',
      indicators jsonb,
      score jsonb,
      conclusion jsonb,
      matter_id uuid,
      approval_document_number text,
      created_by jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      approved_at timestamptz,
      constraint evaluations_scored check (state = 'draft' or score is not null),
      constraint evaluations_approved check (state <> 'approved' or (conclusion is not null and matter_id is not null and approved_at is not null))
    )`.execute(db);
  await sql`create index evaluations_jurisdiction on audit.evaluations (jurisdiction_id, year, created_at)`.execute(db);
  await sql`create index evaluations_organization on audit.evaluations (organization_id, year)`.execute(db);

  await sql`
    create table audit.assessment_sheets (
      year integer primary key check (year between 2000 and 2200),
      items jsonb not null,
      state text not null default 'draft' check (state in ('draft', 'reviewed', 'published')),
      edited_by jsonb not null,
      reviewed_by jsonb,
      reviewed_at timestamptz,
      published_by jsonb,
      published_at timestamptz,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table audit.assessment_scores (
      year integer not null references audit.assessment_sheets (year),
      subject_id uuid not null,
      subject_kind text not null check (subject_kind in ('jurisdiction', 'organization')),
      subject_name text not null,
      level text not null check (level in ('district', 'township', 'department')),
      jurisdiction_id uuid not null,
      items jsonb not null,
      total numeric(5, 1) not null check (total between 0 and 100),
      scored_by jsonb not null,
      scored_at timestamptz not null default now(),
      primary key (year, subject_id)
    )`.execute(db);
  await sql`create index assessment_scores_jurisdiction on audit.assessment_scores (jurisdiction_id, year)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit.assessment_scores, audit.assessment_sheets, audit.evaluations`.execute(db);
}
