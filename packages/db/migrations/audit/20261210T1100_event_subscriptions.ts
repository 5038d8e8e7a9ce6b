import { sql, type Kysely } from 'kysely';

/**
 * 出入编联动 (issue 24, docs/integration.md): systems outside the platform subscribe to events. The
 * audit service maps entries of its log (read in order from a durable cursor) to CloudEvents and
 * queues one delivery per subscription; a dispatcher posts them, signed, in order per subject, with
 * retries and dead letters. Every attempt is kept for the delivery log.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit.event_subscriptions (
      id uuid primary key,
      name text not null check (length(name) between 1 and 100),
      url text not null check (url ~ '^https?://'),
      event_types text[] not null check (cardinality(event_types) > 0),
      jurisdiction_ids uuid[] not null check (cardinality(jurisdiction_ids) > 0),
      owner_jurisdiction_id uuid not null,
      status text not null default 'active' check (status in ('active', 'paused')),
      secret_ciphertext text not null,
      secret_version integer not null default 1,
      start_seq bigint not null,
      created_by jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index event_subscriptions_jurisdictions on audit.event_subscriptions using gin (jurisdiction_ids)`.execute(db);

  // How far the log has been mapped to deliveries: one row, moved in the transaction that queues them.
  await sql`create table audit.event_cursor (id smallint primary key check (id = 1), seq bigint not null)`.execute(db);
  await sql`insert into audit.event_cursor (id, seq) values (1, 0)`.execute(db);

  // Which unit holds a ledger account (from the ledger's account-opening events), so a transfer names the unit.
  await sql`
    create table audit.event_accounts (
      account_id uuid primary key,
      organization_id uuid not null,
      ledger text not null,
      kind text not null
    )`.execute(db);

  await sql`
    create table audit.event_deliveries (
      id bigserial primary key,
      subscription_id uuid not null references audit.event_subscriptions (id) on delete cascade,
      event_id text not null,
      seq bigint not null,
      event_type text not null,
      subject text not null,
      jurisdiction_id uuid,
      body text not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      first_attempt_at timestamptz,
      last_attempt_at timestamptz,
      last_status_code integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz not null default now(),
      unique (subscription_id, event_id)
    )`.execute(db);
  // The dispatcher walks pending deliveries in order and stops at its batch: no sort of the whole backlog.
  await sql`create index event_deliveries_pending on audit.event_deliveries (id) where status = 'pending'`.execute(db);
  await sql`create index event_deliveries_subject on audit.event_deliveries (subscription_id, subject, id) where status = 'pending'`.execute(db);
  await sql`create index event_deliveries_log on audit.event_deliveries (subscription_id, id desc)`.execute(db);

  await sql`
    create table audit.event_delivery_attempts (
      id bigserial primary key,
      delivery_id bigint not null references audit.event_deliveries (id) on delete cascade,
      attempted_at timestamptz not null default now(),
      status_code integer,
      error text,
      duration_ms integer not null
    )`.execute(db);
  await sql`create index event_delivery_attempts_delivery on audit.event_delivery_attempts (delivery_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit.event_delivery_attempts, audit.event_deliveries, audit.event_accounts, audit.event_cursor, audit.event_subscriptions`.execute(db);
}
