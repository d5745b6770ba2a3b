import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

/**
 * Migrations of the tables the platform keeps in every service's database (outbox, idempotency keys, revoked tokens).
 * Each service lists them after its own (`[...ownMigrations, ...PLATFORM_MIGRATIONS]`); like every
 * migration, a shipped one is never edited, and each expands the schema (the version still serving
 * during a switch keeps working).
 */
export class Platform20261130000000_outbox_parking extends Migration {
  override up(): void {
    this.addSql(
      `alter table "outbox" add "aggregate" text not null default '', add "attempts" int not null default 0, add "next_attempt_at" timestamptz(3) null, add "claimed_until" timestamptz(3) null, add "parked_at" timestamptz(3) null, add "park_reason" text null;`,
    );
    this.addSql(
      `create index "outbox_pending_index" on "outbox" ("aggregate", "seq") where "published_at" is null and "parked_at" is null;`,
    );
  }
}

export class Platform20261130010000_idempotency_keys extends Migration {
  override up(): void {
    this.addSql(
      `create table "idempotency_key" ("caller" text not null, "key" text not null, "fingerprint" text not null, "created_at" timestamptz(3) not null, "committed_at" timestamptz(3) null, "response" jsonb null, primary key ("caller", "key"));`,
    );
  }
}

export class Platform20261130020000_revoked_access extends Migration {
  override up(): void {
    this.addSql(
      `create table "revoked_access" ("id" uuid not null, "kind" text not null, "value" text not null, "reason" text not null, "revoked_at" timestamptz(3) not null, "expires_at" timestamptz(3) null, primary key ("id"));`,
    );
    this.addSql(`create index "revoked_access_expires_at_index" on "revoked_access" ("expires_at");`);
    this.addSql(`alter table "revoked_access" add constraint "revoked_access_kind_value_unique" unique ("kind", "value");`);
  }
}

/** The trace context of the span that emitted an event (nullable: rows written before, or untraced, have none). */
export class Platform20261201000000_outbox_trace_context extends Migration {
  override up(): void {
    this.addSql(`alter table "outbox" add "trace_context" jsonb null;`);
  }
}

export const PLATFORM_MIGRATIONS: MigrationObject[] = [
  { name: 'Platform20261130000000_outbox_parking', class: Platform20261130000000_outbox_parking },
  { name: 'Platform20261130010000_idempotency_keys', class: Platform20261130010000_idempotency_keys },
  { name: 'Platform20261130020000_revoked_access', class: Platform20261130020000_revoked_access },
  { name: 'Platform20261201000000_outbox_trace_context', class: Platform20261201000000_outbox_trace_context },
];
