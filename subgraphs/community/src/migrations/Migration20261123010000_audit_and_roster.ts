import { Migration } from '@mikro-orm/migrations';

/** The audit trail of this tier's mutations, and one roster entry per person and organization. (A migration keeps its own SQL: it must never change once shipped.) */
export class Migration20261123010000_audit_and_roster extends Migration {
  override up(): void {
    this.addSql(
      `create table "audit_record" ("id" uuid not null, "at" timestamptz(3) not null default now(), "tier" text not null, "actor_id" text not null, "actor_name" text not null, "actor_role" text not null, "action" text not null, "target_type" text not null, "target_id" uuid not null, "district_id" uuid not null, "before" jsonb null, "after" jsonb null, "request_id" text not null, primary key ("id"));`,
    );
    this.addSql(`create index "audit_record_district_id_at_id_index" on "audit_record" ("district_id", "at", "id");`);
    this.addSql(
      `alter table "member" add constraint "member_organization_id_id_number_unique" unique ("organization_id", "id_number");`,
    );
  }

  override down(): void {
    this.addSql(`alter table "member" drop constraint if exists "member_organization_id_id_number_unique";`);
    this.addSql(`drop table if exists "audit_record";`);
  }
}
