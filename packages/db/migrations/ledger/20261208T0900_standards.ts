import { sql, type Kysely } from 'kysely';

/**
 * Staffing standards (核编标准, DOMAIN.md): the indicators a standard reads, per unit with their
 * history; the standards as data, every version kept; and which standard measures each unit, as
 * which of its variants. Indicator values and standard versions are append-only (the ledger's
 * `append_only` trigger): a correction is a new value or a new version, never an edit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ledger.indicator_values (
      seq bigserial primary key,
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      indicator text not null check (indicator in ('beds', 'students_primary', 'students_junior', 'students_senior', 'students_vocational', 'students_university', 'population', 'area_km2', 'service_objects')),
      value bigint not null check (value between 0 and 100000000),
      effective_date date not null,
      document_number text,
      recorded_by jsonb not null,
      recorded_at timestamptz not null default now()
    )`.execute(db);
  // A value as of a day: the unit's latest per indicator effective by then.
  await sql`create index indicator_values_as_of on ledger.indicator_values (organization_id, indicator, effective_date desc, seq desc)`.execute(db);
  await sql`create index indicator_values_jurisdiction on ledger.indicator_values (jurisdiction_id)`.execute(db);

  await sql`
    create table ledger.staffing_standards (
      id uuid primary key,
      -- The jurisdiction whose bureau issued it; it measures units of that jurisdiction's subtree.
      jurisdiction_id uuid not null,
      code text not null,
      latest_version integer not null default 0,
      created_at timestamptz not null default now(),
      unique (jurisdiction_id, code)
    )`.execute(db);
  await sql`
    create table ledger.staffing_standard_versions (
      standard_id uuid not null references ledger.staffing_standards (id),
      version integer not null check (version >= 1),
      definition jsonb not null,
      document_number text not null,
      effective_from date not null,
      recorded_by jsonb not null,
      recorded_at timestamptz not null default now(),
      primary key (standard_id, version)
    )`.execute(db);

  await sql`
    create table ledger.unit_standards (
      organization_id uuid primary key,
      jurisdiction_id uuid not null,
      standard_id uuid not null references ledger.staffing_standards (id),
      variant text not null,
      assigned_by jsonb not null,
      assigned_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index unit_standards_jurisdiction on ledger.unit_standards (jurisdiction_id)`.execute(db);

  for (const table of ['indicator_values', 'staffing_standard_versions']) {
    await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(`ledger.${table}`)} for each row execute function ledger.append_only()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ledger.unit_standards, ledger.staffing_standard_versions, ledger.staffing_standards, ledger.indicator_values`.execute(db);
}
