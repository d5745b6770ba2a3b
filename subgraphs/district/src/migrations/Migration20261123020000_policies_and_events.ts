import { Migration } from '@mikro-orm/migrations';

/** Policies and the event outbox/inbox of the district tier. */
export class Migration20261123020000_policies_and_events extends Migration {
  override up(): void {
    this.addSql(
      `create table "audit_record" ("id" uuid not null, "at" timestamptz(3) not null default now(), "tier" text not null, "actor_id" text not null, "actor_name" text not null, "actor_role" text not null, "action" text not null, "target_type" text not null, "target_id" uuid not null, "district_id" uuid not null, "before" jsonb null, "after" jsonb null, "request_id" text not null, primary key ("id"));`,
    );
    this.addSql(`create index "audit_record_district_id_at_id_index" on "audit_record" ("district_id", "at", "id");`);
    this.addSql(
      `create table "district_policy" ("district_id" uuid not null, "values" jsonb not null, "revision" int not null, "updated_at" timestamptz(3) not null default now(), primary key ("district_id"));`,
    );
    this.addSql(
      `create table "inbox" ("event_id" uuid not null, "consumer" text not null, "type" text not null, "processed_at" timestamptz(3) not null default now(), primary key ("event_id", "consumer"));`,
    );
    this.addSql(
      `create table "outbox" ("id" uuid not null, "seq" bigserial, "type" text not null, "version" int not null, "payload" jsonb not null, "occurred_at" timestamptz(3) not null default now(), "published_at" timestamptz(3) null, primary key ("id"));`,
    );
    this.addSql(`create index "outbox_published_at_seq_index" on "outbox" ("published_at", "seq");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "outbox" cascade;`);
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "district_policy" cascade;`);
    this.addSql(`drop table if exists "audit_record" cascade;`);
  }
}
