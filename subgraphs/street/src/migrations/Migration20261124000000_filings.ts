import { Migration } from '@mikro-orm/migrations';

/** Forwarded filings, public notices and objections, certificates, and the street tier's audit trail. */
export class Migration20261124000000_filings extends Migration {
  override up(): void {
    this.addSql(`create type "objection_status" as enum ('PENDING', 'UPHELD', 'DISMISSED');`);
    this.addSql(
      `create type "street_stage" as enum ('PENDING', 'REJECTED', 'NOTICE', 'OBJECTION_UPHELD', 'COMPLETED', 'CANCELLED');`,
    );
    this.addSql(
      `create table "audit_record" ("id" uuid not null, "at" timestamptz(3) not null default now(), "tier" text not null, "actor_id" text not null, "actor_name" text not null, "actor_role" text not null, "action" text not null, "target_type" text not null, "target_id" uuid not null, "district_id" uuid not null, "before" jsonb null, "after" jsonb null, "request_id" text not null, primary key ("id"));`,
    );
    this.addSql(`create index "audit_record_district_id_at_id_index" on "audit_record" ("district_id", "at", "id");`);
    this.addSql(
      `create table "certificate" ("id" uuid not null, "organization_id" uuid not null, "number" text not null, "street_id" uuid not null, "filing_id" uuid not null, "issued_at" timestamptz(3) not null, "voided_at" timestamptz(3) null, "void_reason" text null, primary key ("id"));`,
    );
    this.addSql(`alter table "certificate" add constraint "certificate_organization_id_unique" unique ("organization_id");`);
    this.addSql(`alter table "certificate" add constraint "certificate_number_unique" unique ("number");`);
    this.addSql(
      `create table "certificate_sequence" ("street_id" uuid not null, "year" int not null, "last" int not null, primary key ("street_id", "year"));`,
    );
    this.addSql(
      `create table "objection" ("id" uuid not null, "filing_id" uuid not null, "content" text not null, "contact_name" text not null, "contact_phone" text not null, "lodged_at" timestamptz(3) not null, "status" "objection_status" not null, "resolution" text null, "resolved_at" timestamptz(3) null, primary key ("id"));`,
    );
    this.addSql(`create index "objection_filing_id_lodged_at_id_index" on "objection" ("filing_id", "lodged_at", "id");`);
    this.addSql(
      `create table "street_filing" ("id" uuid not null, "kind" text not null, "organization_id" uuid not null, "organization_name" text not null, "category" text not null, "purpose" text not null, "activity_area" text not null, "applicant_name" text not null, "community_id" uuid null, "street_id" uuid not null, "district_id" uuid not null, "round" int not null, "forwarded_at" timestamptz(3) not null, "stage" "street_stage" not null, "decision" text null, "opinion" text null, "decided_at" timestamptz(3) null, "decider_name" text null, "notice_starts_at" timestamptz(3) null, "notice_ends_at" timestamptz(3) null, "completed_at" timestamptz(3) null, "version" int not null default 0, primary key ("id"));`,
    );
    this.addSql(
      `create index "street_filing_stage_notice_ends_at_id_index" on "street_filing" ("stage", "notice_ends_at", "id");`,
    );
    this.addSql(
      `create index "street_filing_organization_id_forwarded_at_id_index" on "street_filing" ("organization_id", "forwarded_at", "id");`,
    );
    this.addSql(
      `create index "street_filing_district_id_forwarded_at_id_index" on "street_filing" ("district_id", "forwarded_at", "id");`,
    );
    this.addSql(
      `create index "street_filing_street_id_forwarded_at_id_index" on "street_filing" ("street_id", "forwarded_at", "id");`,
    );
  }
}
