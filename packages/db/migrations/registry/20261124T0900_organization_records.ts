import { sql, type Kysely } from 'kysely';

/**
 * The full registry record (DOMAIN.md, "Organizations"): attributes, the history that makes any
 * organization readable as of a past date, internal departments, three-determinations documents,
 * power and responsibility lists, policy settings per jurisdiction and Excel import jobs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table registry.organizations
      drop constraint if exists organizations_kind_check,
      add constraint organizations_kind_check check (kind in ('organ', 'institution', 'dispatched')),
      add column parent_id uuid references registry.organizations (id),
      add column institution_class text check (institution_class in ('welfare_1', 'welfare_2', 'business', 'administrative')),
      add column funding text check (funding in ('full', 'partial', 'self')),
      add column rank text not null default 'none' check (rank in ('zheng_ting', 'fu_ting', 'zheng_chu', 'fu_chu', 'zheng_ke', 'fu_ke', 'gu', 'none')),
      add column classified boolean not null default false,
      add column credit_code text unique check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
      add column nameplates jsonb not null default '[]',
      -- Names of the nameplates, '|'-joined, for search.
      add column alias_text text not null default '',
      add column planned_quota integer check (planned_quota >= 0),
      add column basis text not null default 'inventory' check (basis in ('establish', 'inventory', 'delegation')),
      -- Merged into / delegated to: where the unit went.
      add column successor_id uuid references registry.organizations (id),
      -- This unit was abolished to make room for that one (撤一建一); each abolition counts once.
      add column offset_for uuid unique references registry.organizations (id),
      add column legal_registration jsonb,
      add column charter jsonb,
      add column effective_date date not null default current_date,
      add column document_number text
  `.execute(db);
  await sql`create index organizations_parent on registry.organizations (parent_id)`.execute(db);
  await sql`create index organizations_alias on registry.organizations using btree (alias_text text_pattern_ops)`.execute(db);

  // Every change appends one version holding the whole record after it (departments included).
  await sql`
    create table registry.organization_versions (
      organization_id uuid not null references registry.organizations (id),
      version integer not null,
      change text not null,
      effective_date date not null,
      document_number text,
      reason text,
      actor jsonb not null,
      snapshot jsonb not null,
      recorded_at timestamptz not null default now(),
      primary key (organization_id, version)
    )`.execute(db);
  await sql`create index organization_versions_as_of on registry.organization_versions (organization_id, effective_date, version)`.execute(db);

  await sql`
    create table registry.departments (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references registry.organizations (id),
      name text not null check (length(btrim(name)) between 1 and 100),
      type text not null default 'office' check (type in ('office', 'platform')),
      headcount integer not null check (headcount >= 0),
      leadership_posts jsonb not null default '{}',
      functions text not null default '',
      -- Order of listing: as in the three-determinations document, new ones last.
      position integer not null default 0,
      status text not null default 'active' check (status in ('active', 'abolished')),
      created_at timestamptz not null default now(),
      abolished_at timestamptz,
      version integer not null default 1
    )`.execute(db);
  await sql`create unique index departments_live_name on registry.departments (organization_id, name) where status = 'active'`.execute(db);

  await sql`
    create table registry.three_determinations (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references registry.organizations (id),
      version integer not null,
      document_number text not null,
      effective_date date not null,
      functions jsonb not null,
      departments jsonb not null,
      staffing jsonb not null,
      leadership_posts jsonb not null,
      published_by jsonb not null,
      published_at timestamptz not null default now(),
      unique (organization_id, version)
    )`.execute(db);

  await sql`
    create table registry.power_batches (
      id uuid primary key default gen_random_uuid(),
      jurisdiction_id uuid not null references registry.jurisdictions (id),
      year integer not null check (year between 2000 and 2100),
      half integer not null check (half in (1, 2)),
      document_number text,
      status text not null default 'open' check (status in ('open', 'published')),
      opened_at timestamptz not null default now(),
      published_at timestamptz,
      unique (jurisdiction_id, year, half)
    )`.execute(db);
  await sql`
    create table registry.power_items (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references registry.organizations (id),
      code text not null,
      name text not null check (length(btrim(name)) between 1 and 300),
      category text not null check (category in ('licensing', 'penalty', 'enforcement', 'levy', 'benefit', 'inspection', 'confirmation', 'reward', 'adjudication', 'other')),
      legal_basis text not null,
      responsible_body text not null,
      added_in uuid not null references registry.power_batches (id),
      removed_in uuid references registry.power_batches (id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index power_items_organization on registry.power_items (organization_id)`.execute(db);

  await sql`
    create table registry.policy_settings (
      jurisdiction_id uuid not null references registry.jurisdictions (id),
      rule_id text not null,
      enabled boolean not null,
      params jsonb not null default '{}',
      updated_by jsonb not null,
      updated_at timestamptz not null default now(),
      primary key (jurisdiction_id, rule_id)
    )`.execute(db);

  await sql`
    create table registry.import_jobs (
      id uuid primary key default gen_random_uuid(),
      jurisdiction_id uuid references registry.jurisdictions (id),
      filename text not null,
      status text not null default 'validating' check (status in ('validating', 'importing', 'failed', 'succeeded')),
      total_rows integer not null default 0,
      processed_rows integer not null default 0,
      imported integer not null default 0,
      errors jsonb not null default '[]',
      created_by jsonb not null,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    )`.execute(db);

  // Versions for the units that already exist, so that history starts with them.
  await sql`
    insert into registry.organization_versions (organization_id, version, change, effective_date, actor, snapshot, recorded_at)
    select o.id, 1, 'recorded', o.created_at::date, '{"kind":"system","id":"migration"}'::jsonb,
           jsonb_build_object('id', o.id, 'jurisdictionId', o.jurisdiction_id, 'name', o.name, 'kind', o.kind, 'status', o.status,
                              'parentId', null, 'institutionClass', null, 'funding', null, 'rank', 'none', 'classified', false,
                              'creditCode', null, 'nameplates', '[]'::jsonb, 'plannedQuota', null, 'successorId', null,
                              'legalRegistration', null, 'charter', null, 'version', o.version, 'departments', '[]'::jsonb),
           o.created_at
    from registry.organizations o`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['import_jobs', 'policy_settings', 'power_items', 'power_batches', 'three_determinations', 'departments', 'organization_versions']) {
    await sql`drop table ${sql.table(`registry.${table}`)}`.execute(db);
  }
  await sql`
    alter table registry.organizations
      drop column parent_id, drop column institution_class, drop column funding, drop column rank, drop column classified,
      drop column credit_code, drop column nameplates, drop column alias_text, drop column planned_quota, drop column basis,
      drop column successor_id, drop column offset_for, drop column legal_registration, drop column charter,
      drop column effective_date, drop column document_number`.execute(db);
}
