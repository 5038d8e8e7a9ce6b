import { sql, type Kysely } from 'kysely';

/**
 * The whole publicly funded workforce (财政供养人员, issue 22): staff outside quota (编外人员) per unit,
 * purchased services (政府购买服务) per unit, the function a staffing-use plan serves (so that no
 * function is both bought and staffed, 两头占), and month-end counts of staff outside quota.
 */
const functions = `('cleaning', 'security', 'greening', 'catering', 'driving', 'it_operations', 'conference', 'other')`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ledger.auxiliary_staff (
      id uuid primary key,
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      kind text not null check (kind in ('contract', 'auxiliary', 'temporary')),
      name text not null check (length(btrim(name)) between 1 and 50),
      id_number text not null check (id_number ~ '^[0-9]{17}[0-9X]$'),
      post text not null check (length(btrim(post)) between 1 and 100),
      funding text not null check (funding in ('fiscal_full', 'fiscal_partial', 'self_raised')),
      started_on date not null,
      ends_on date,
      ended_on date,
      end_id uuid unique,
      end_reason text,
      import_id uuid,
      created_by jsonb not null,
      created_at timestamptz not null default now(),
      check (ends_on is null or ends_on >= started_on),
      check (ended_on is null or ended_on >= started_on),
      check ((ended_on is null) = (end_id is null))
    )`.execute(db);
  // One engagement at a time per person in the whole city.
  await sql`create unique index auxiliary_staff_one_open on ledger.auxiliary_staff (id_number) where ended_on is null`.execute(db);
  await sql`create index auxiliary_staff_unit on ledger.auxiliary_staff (organization_id, started_on)`.execute(db);
  await sql`create index auxiliary_staff_jurisdiction on ledger.auxiliary_staff (jurisdiction_id) where ended_on is null`.execute(db);

  await sql`
    create table ledger.purchase_contracts (
      id uuid primary key,
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      function text not null check (function in ${sql.raw(functions)}),
      provider text not null check (length(btrim(provider)) between 1 and 200),
      contract_number text,
      headcount numeric(8, 1) not null check (headcount > 0),
      amount numeric(14, 2) not null check (amount >= 0),
      starts_on date not null,
      ends_on date not null check (ends_on >= starts_on),
      terminated_on date,
      end_id uuid unique,
      created_by jsonb not null,
      created_at timestamptz not null default now(),
      check ((terminated_on is null) = (end_id is null))
    )`.execute(db);
  await sql`create index purchase_contracts_unit on ledger.purchase_contracts (organization_id, function)`.execute(db);
  await sql`create index purchase_contracts_jurisdiction on ledger.purchase_contracts (jurisdiction_id)`.execute(db);

  await sql`alter table ledger.plans add column function text check (function in ${sql.raw(functions)})`.execute(db);

  await sql`
    create table ledger.workforce_monthly_figures (
      month date not null check (extract(day from month) = 1),
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      funding text not null,
      outside_quota integer not null check (outside_quota >= 0),
      primary key (month, organization_id, funding)
    )`.execute(db);
  await sql`create index workforce_monthly_figures_jurisdiction on ledger.workforce_monthly_figures (jurisdiction_id, month)`.execute(db);
  await sql`create table ledger.workforce_closed_months (month date primary key, closed_at timestamptz not null default now())`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ledger.workforce_closed_months, ledger.workforce_monthly_figures`.execute(db);
  await sql`alter table ledger.plans drop column function`.execute(db);
  await sql`drop table ledger.purchase_contracts, ledger.auxiliary_staff`.execute(db);
}
