import { Migration } from '@mikro-orm/migrations';

/** Policies and the event outbox/inbox of the street tier. */
export class Migration20261123020000_policies_and_events extends Migration {
  override up(): void {
    this.addSql(
      `create table "inbox" ("event_id" uuid not null, "consumer" text not null, "type" text not null, "processed_at" timestamptz(3) not null default now(), primary key ("event_id", "consumer"));`,
    );
    this.addSql(
      `create table "outbox" ("id" uuid not null, "seq" bigserial, "type" text not null, "version" int not null, "payload" jsonb not null, "occurred_at" timestamptz(3) not null default now(), "published_at" timestamptz(3) null, primary key ("id"));`,
    );
    this.addSql(`create index "outbox_published_at_seq_index" on "outbox" ("published_at", "seq");`);
    this.addSql(
      `create table "received_policy" ("district_id" uuid not null, "values" jsonb not null, "revision" int not null, "received_at" timestamptz(3) not null default now(), primary key ("district_id"));`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "received_policy" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
    this.addSql(`drop table if exists "inbox" cascade;`);
  }
}
