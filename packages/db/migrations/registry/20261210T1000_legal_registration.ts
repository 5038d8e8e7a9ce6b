import { sql, type Kysely } from 'kysely';

/**
 * 事业单位法人登记 and 章程 with a lifecycle (issue 25): a unit's registration as it stands, every
 * registration (establishment, change, cancellation) with the particulars it registered, the annual
 * reports per year, and each approved charter version. Replaces the two jsonb fields on
 * registry.organizations as the record: their contents are carried over here, and registrations and
 * charters are read from these tables only (the reform project's registration step still notes its own
 * milestone in the old field; docs/registry.md, "Known limits").
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table registry.legal_registrations (
      organization_id uuid primary key references registry.organizations (id),
      status text not null check (status in ('active', 'cancelled')),
      name text not null,
      domicile text not null,
      representative text not null,
      funds_wan numeric(14, 2) not null check (funds_wan >= 0),
      business_scope text not null,
      certificate_number text not null,
      valid_from date not null,
      valid_until date not null,
      registered_on date not null,
      cancelled_on date,
      version integer not null default 1,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index legal_registrations_certificate on registry.legal_registrations (certificate_number) where status = 'active' and certificate_number <> ''`.execute(db);

  // Append-only: what each registration registered.
  await sql`
    create table registry.legal_registration_events (
      organization_id uuid not null references registry.organizations (id),
      version integer not null,
      kind text not null check (kind in ('establish', 'change', 'cancel')),
      effective_date date not null,
      particulars jsonb not null,
      changed text[] not null default '{}',
      document_number text,
      reason text not null default '',
      actor jsonb not null,
      recorded_at timestamptz not null default now(),
      primary key (organization_id, version)
    )`.execute(db);

  await sql`
    create table registry.annual_reports (
      organization_id uuid not null references registry.organizations (id),
      year integer not null check (year between 2000 and 2100),
      summary text not null,
      net_assets_wan numeric(14, 2),
      headcount integer check (headcount >= 0),
      filed_on date not null,
      filed_by jsonb not null,
      published_at timestamptz,
      published_by jsonb,
      primary key (organization_id, year)
    )`.execute(db);

  await sql`
    create table registry.charters (
      organization_id uuid not null references registry.organizations (id),
      version integer not null,
      purpose text not null,
      business_scope text not null,
      governance text not null default '',
      -- The approving matter; null only for a charter carried over from before charters were matters.
      matter_id uuid unique,
      approval_document_number text,
      approved_on date not null,
      recorded_at timestamptz not null default now(),
      primary key (organization_id, version)
    )`.execute(db);

  // Carry over what the jsonb fields held: a registration as an establishment with what it had, a charter as version 1.
  await sql`
    insert into registry.legal_registrations (organization_id, status, name, domicile, representative, funds_wan, business_scope, certificate_number, valid_from, valid_until, registered_on, cancelled_on)
    select o.id, case when o.status in ('planned', 'active', 'merging') then 'active' else 'cancelled' end, o.name,
           coalesce(o.legal_registration ->> 'address', ''), o.legal_registration ->> 'representative',
           coalesce((o.legal_registration ->> 'fundsWan')::numeric, 0), coalesce(o.charter ->> 'businessScope', ''), '',
           (o.legal_registration ->> 'registeredOn')::date,
           coalesce((o.legal_registration ->> 'validUntil')::date, (o.legal_registration ->> 'registeredOn')::date + interval '5 years' - interval '1 day'),
           (o.legal_registration ->> 'registeredOn')::date,
           case when o.status in ('planned', 'active', 'merging') then null else o.effective_date end
    from registry.organizations o
    where o.legal_registration ->> 'representative' is not null and o.legal_registration ->> 'registeredOn' is not null`.execute(db);
  await sql`
    insert into registry.legal_registration_events (organization_id, version, kind, effective_date, particulars, reason, actor)
    select r.organization_id, 1, 'establish', r.registered_on,
           jsonb_build_object('name', r.name, 'domicile', r.domicile, 'representative', r.representative, 'fundsWan', r.funds_wan, 'businessScope', r.business_scope,
                              'certificateNumber', r.certificate_number, 'validFrom', r.valid_from, 'validUntil', r.valid_until),
           '由机构记录中的法人登记字段迁移', '{"kind":"system","id":"migration"}'::jsonb
    from registry.legal_registrations r`.execute(db);
  await sql`
    insert into registry.charters (organization_id, version, purpose, business_scope, approved_on)
    select o.id, 1, o.charter ->> 'purpose', o.charter ->> 'businessScope', (o.charter ->> 'approvedOn')::date
    from registry.organizations o
    where o.charter ->> 'purpose' is not null and o.charter ->> 'businessScope' is not null and o.charter ->> 'approvedOn' is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['charters', 'annual_reports', 'legal_registration_events', 'legal_registrations']) {
    await sql`drop table ${sql.table(`registry.${table}`)}`.execute(db);
  }
}
