import { sql, type Kysely } from 'kysely';

/**
 * Power lists as service guides (办事指南, seed 002: the three lists merged into a guide with its
 * flowchart, published) and the institution-versus-organ authority list (政事权限清单).
 *
 * A power item's guide is edited as a draft (service_guides) and published as a new version
 * (service_guide_versions, append-only); the public site shows the latest published version of the
 * items in force. An institution's authority list is published as a new version each time
 * (authority_list_versions, append-only); the latest is in force.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table registry.service_guides (
      power_item_id uuid primary key references registry.power_items (id) on delete cascade,
      content jsonb not null,
      updated_by jsonb not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table registry.service_guide_versions (
      power_item_id uuid not null references registry.power_items (id) on delete cascade,
      version integer not null check (version >= 1),
      content jsonb not null,
      published_by jsonb not null,
      published_at timestamptz not null default now(),
      primary key (power_item_id, version)
    )`.execute(db);

  await sql`
    create table registry.authority_list_versions (
      organization_id uuid not null references registry.organizations (id),
      version integer not null check (version >= 1),
      entries jsonb not null,
      document_number text not null check (length(btrim(document_number)) between 1 and 100),
      effective_date date not null,
      published_by jsonb not null,
      published_at timestamptz not null default now(),
      primary key (organization_id, version)
    )`.execute(db);

  // Published versions are the public record: never rewritten (a power item added and dropped in the
  // same open batch is deleted, and its guide with it; a published guide belongs to an item in force).
  await sql`
    create function registry.published_versions_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and tg_table_name = 'service_guide_versions' then return old; end if;
      raise exception '% is append-only', tg_table_name;
    end $$`.execute(db);
  await sql`create trigger service_guide_versions_append_only before update on registry.service_guide_versions for each row execute function registry.published_versions_append_only()`.execute(db);
  await sql`create trigger authority_list_versions_append_only before update or delete on registry.authority_list_versions for each row execute function registry.published_versions_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table registry.authority_list_versions`.execute(db);
  await sql`drop table registry.service_guide_versions`.execute(db);
  await sql`drop table registry.service_guides`.execute(db);
  await sql`drop function registry.published_versions_append_only()`.execute(db);
}
