import { sql, type Kysely } from 'kysely';

/**
 * 控编减编任务 and 季度监控 (issue 23, docs/ledger.md "Reduction targets and quarterly monitoring").
 * - `reduction_targets`: a target recorded by the platform when its matter (kind `reduction_target`)
 *   is applied; its id is the matter's, so applying twice records it once. What it measures, how much,
 *   from when to when; `flagged_quarter` is the last quarter end it was found behind at,
 *   `violation_id` the violation its missed deadline opened.
 * - `reduction_target_quarters`: a target's progress frozen at each quarter end and at its deadline,
 *   written once (append-only).
 * - `monitoring_entries`: units put under watch by hand (with a reason), and taken off (with a reason);
 *   over quota and behind target are found from the figures, not entered.
 * - `monitoring_quarters`: each watched unit's figures frozen at a quarter's end, per jurisdiction,
 *   written once (append-only): the next quarter is compared with it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ledger.reduction_targets (
      id uuid primary key,
      jurisdiction_id uuid not null,
      organization_id uuid,
      ledger text not null check (ledger in ('administrative', 'political_legal', 'institution', 'organ_worker', 'filed_headcount')),
      measure text not null check (measure in ('quota', 'occupied')),
      amount integer not null check (amount between 1 and 100000),
      start_date date not null,
      deadline date not null,
      basis_document text not null,
      document_number text,
      title text not null,
      flagged_quarter text,
      violation_id uuid,
      recorded_at timestamptz not null default now(),
      check (deadline >= start_date)
    )`.execute(db);
  await sql`create index reduction_targets_jurisdiction on ledger.reduction_targets (jurisdiction_id)`.execute(db);
  await sql`create index reduction_targets_organization on ledger.reduction_targets (organization_id) where organization_id is not null`.execute(db);

  await sql`
    create table ledger.reduction_target_quarters (
      target_id uuid not null references ledger.reduction_targets (id),
      day date not null,
      before_figure integer not null,
      now_figure integer not null,
      achieved integer not null,
      expected integer not null,
      remaining integer not null,
      status text not null check (status in ('on_pace', 'behind', 'met', 'missed')),
      frozen_at timestamptz not null default now(),
      primary key (target_id, day)
    )`.execute(db);

  await sql`
    create table ledger.monitoring_entries (
      id uuid primary key,
      jurisdiction_id uuid not null,
      organization_id uuid not null,
      reason text not null check (reason in ('by_hand', 'cross_check')),
      note text not null check (length(note) between 1 and 1000),
      added_by jsonb not null,
      added_at timestamptz not null default now(),
      removed_note text,
      removed_by jsonb,
      removed_at timestamptz,
      check ((removed_at is null) = (removed_by is null) and (removed_at is null) = (removed_note is null))
    )`.execute(db);
  await sql`create unique index monitoring_entries_one_open on ledger.monitoring_entries (organization_id) where removed_at is null`.execute(db);
  await sql`create index monitoring_entries_jurisdiction on ledger.monitoring_entries (jurisdiction_id)`.execute(db);

  await sql`
    create table ledger.monitoring_quarters (
      jurisdiction_id uuid not null,
      quarter text not null check (quarter ~ '^[0-9]{4}Q[1-4]$'),
      organization_id uuid not null,
      ledger text not null,
      quota integer not null,
      occupied integer not null,
      behind_targets integer not null,
      reasons text[] not null,
      frozen_at timestamptz not null default now(),
      primary key (jurisdiction_id, quarter, organization_id, ledger)
    )`.execute(db);

  for (const table of ['reduction_target_quarters', 'monitoring_quarters']) {
    await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(`ledger.${table}`)} for each row execute function ledger.append_only()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ledger.monitoring_quarters, ledger.monitoring_entries, ledger.reduction_target_quarters, ledger.reduction_targets`.execute(db);
}
