import { Migration } from '@mikro-orm/migrations';

/** Filing applications, their history, and the district's blacklist as this tier receives it. */
export class Migration20261124000000_filings extends Migration {
  override up(): void {
    this.addSql(`create type "filing_kind" as enum ('NEW', 'CHANGE', 'DISSOLUTION');`);
    this.addSql(
      `create type "filing_status" as enum ('SUBMITTED', 'RETURNED', 'FORWARDED', 'PUBLIC_NOTICE', 'COMPLETED', 'REJECTED', 'CANCELLED');`,
    );
    this.addSql(`create type "preliminary_decision" as enum ('FORWARD', 'RETURN', 'REJECT');`);
    this.addSql(
      `create table "blacklisted_leader" ("district_id" uuid not null, "id_number" text not null, "name" text not null, "reason" text not null, "blacklisted_at" timestamptz(3) not null, primary key ("district_id", "id_number"));`,
    );
    this.addSql(
      `create table "filing_application" ("id" uuid not null, "kind" "filing_kind" not null, "status" "filing_status" not null, "organization_id" uuid not null, "community_id" uuid null, "street_id" uuid not null, "district_id" uuid not null, "round" int not null default 1, "applicant_name" text not null, "applicant_phone" text not null, "submitted_at" timestamptz(3) not null, "proposal" jsonb not null, "community_decision" "preliminary_decision" null, "community_opinion" text null, "reviewed_at" timestamptz(3) null, "reviewer_name" text null, "party_station_required" boolean not null default false, "street_version" int not null default 0, "updated_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `create index "filing_application_organization_id_submitted_at_id_index" on "filing_application" ("organization_id", "submitted_at", "id");`,
    );
    this.addSql(
      `create index "filing_application_district_id_submitted_at_id_index" on "filing_application" ("district_id", "submitted_at", "id");`,
    );
    this.addSql(
      `create index "filing_application_street_id_submitted_at_id_index" on "filing_application" ("street_id", "submitted_at", "id");`,
    );
    this.addSql(
      `create index "filing_application_community_id_submitted_at_id_index" on "filing_application" ("community_id", "submitted_at", "id");`,
    );
    this.addSql(
      `create table "filing_step" ("id" uuid not null, "filing_id" uuid not null, "at" timestamptz(3) not null, "tier" text not null, "action" text not null, "actor_name" text null, "opinion" text null, primary key ("id"));`,
    );
    this.addSql(`create index "filing_step_filing_id_at_index" on "filing_step" ("filing_id", "at");`);
  }
}
