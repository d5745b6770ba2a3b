import { Migration } from '@mikro-orm/migrations';

/** Major-activity reports: this tier's part of the escalation chain. */
export class Migration20261124010000_major_activity_reports extends Migration {
  override up(): void {
    this.addSql(
      `create type "activity_kind" as enum ('PERFORMANCE', 'COMPETITION', 'LECTURE', 'VOLUNTEER_SERVICE', 'GATHERING', 'OUTING', 'OTHER');`,
    );
    this.addSql(
      `create type "report_status" as enum ('SUBMITTED', 'AT_STREET', 'AT_DISTRICT', 'RETURNED', 'APPROVED', 'REJECTED', 'WITHDRAWN');`,
    );
    this.addSql(`create type "report_level" as enum ('COMMUNITY', 'STREET', 'DISTRICT');`);
    this.addSql(`create type "review_decision" as enum ('FORWARD', 'RETURN', 'REJECT');`);
    this.addSql(
      `create table "major_activity_report" ("id" uuid not null, "organization_id" uuid not null, "community_id" uuid not null, "street_id" uuid not null, "district_id" uuid not null, "title" text not null, "description" text not null, "kind" "activity_kind" not null, "planned_start" timestamptz(3) not null, "planned_end" timestamptz(3) not null, "location" text not null, "expected_participants" int not null, "safety_measures" text not null, "contact_name" text not null, "contact_phone" text not null, "status" "report_status" not null, "current_level" "report_level" not null, "round" int not null default 1, "submitted_at" timestamptz(3) not null, "level_since" timestamptz(3) not null, "level_due_at" timestamptz(3) not null, "reached_street_at" timestamptz(3) null, "reached_district_at" timestamptz(3) null, "community_decision" "review_decision" null, "community_opinion" text null, "community_reviewed_at" timestamptz(3) null, "community_reviewer_name" text null, "event_round" int not null default 0, "event_level" int not null default 0, "updated_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `create index "major_activity_report_status_level_due_at_index" on "major_activity_report" ("status", "level_due_at");`,
    );
    this.addSql(
      `create index "major_activity_report_organization_id_submitted_at_id_index" on "major_activity_report" ("organization_id", "submitted_at", "id");`,
    );
    this.addSql(
      `create index "major_activity_report_district_id_submitted_at_id_index" on "major_activity_report" ("district_id", "submitted_at", "id");`,
    );
    this.addSql(
      `create index "major_activity_report_street_id_submitted_at_id_index" on "major_activity_report" ("street_id", "submitted_at", "id");`,
    );
    this.addSql(
      `create index "major_activity_report_community_id_submitted_at_id_index" on "major_activity_report" ("community_id", "submitted_at", "id");`,
    );
    this.addSql(
      `create table "report_step" ("id" uuid not null, "report_id" uuid not null, "round" int not null, "at" timestamptz(3) not null, "tier" text not null, "action" text not null, "actor_name" text null, "opinion" text null, primary key ("id"));`,
    );
    this.addSql(`create index "report_step_report_id_at_index" on "report_step" ("report_id", "at");`);
  }
}
