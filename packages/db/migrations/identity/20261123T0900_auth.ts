import { sql, type Kysely } from 'kysely';
import { createOutboxTableV1 } from '../_shared/outbox-v1.js';

// Tables in the shape better-auth 1.7 expects (camelCase columns are its convention), produced
// with services/gateway/scripts/print-auth-migration.ts and placed in the identity schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table identity."user" (
    "id" uuid default gen_random_uuid() not null primary key,
    "name" text not null,
    "email" text not null unique,
    "emailVerified" boolean not null,
    "image" text,
    "createdAt" timestamptz default current_timestamp not null,
    "updatedAt" timestamptz default current_timestamp not null,
    "username" text unique,
    "displayUsername" text,
    "role" text not null,
    "jurisdictionId" text,
    "organizationId" text)`.execute(db);
  await sql`create table identity."session" (
    "id" uuid default gen_random_uuid() not null primary key,
    "expiresAt" timestamptz not null,
    "token" text not null unique,
    "createdAt" timestamptz default current_timestamp not null,
    "updatedAt" timestamptz not null,
    "ipAddress" text,
    "userAgent" text,
    "userId" uuid not null references identity."user" ("id") on delete cascade)`.execute(db);
  await sql`create table identity."account" (
    "id" uuid default gen_random_uuid() not null primary key,
    "accountId" text not null,
    "providerId" text not null,
    "userId" uuid not null references identity."user" ("id") on delete cascade,
    "accessToken" text,
    "refreshToken" text,
    "idToken" text,
    "accessTokenExpiresAt" timestamptz,
    "refreshTokenExpiresAt" timestamptz,
    "scope" text,
    "password" text,
    "createdAt" timestamptz default current_timestamp not null,
    "updatedAt" timestamptz not null)`.execute(db);
  await sql`create table identity."verification" (
    "id" uuid default gen_random_uuid() not null primary key,
    "identifier" text not null,
    "value" text not null,
    "expiresAt" timestamptz not null,
    "createdAt" timestamptz default current_timestamp not null,
    "updatedAt" timestamptz default current_timestamp not null)`.execute(db);
  await sql`create index "session_userId_idx" on identity."session" ("userId")`.execute(db);
  await sql`create index "account_userId_idx" on identity."account" ("userId")`.execute(db);
  await sql`create index "verification_identifier_idx" on identity."verification" ("identifier")`.execute(db);
  await createOutboxTableV1(db, 'identity');
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['outbox', 'verification', 'account', 'session', 'user']) {
    await sql`drop table ${sql.table(`identity.${table}`)}`.execute(db);
  }
  await sql`drop function identity.outbox_guard`.execute(db);
}
