import { Migration } from '@mikro-orm/migrations';

/** Major-activity reports: this tier's part of the escalation chain. */
export class Migration20261124010000_major_activity_reports extends Migration {
  override up(): void {
    this.addSql(
      `create table "street_report" ("report_id" uuid not null, "round" int not null, "organization_id" uuid not null, "community_id" uuid not null, "street_id" uuid not null, "district_id" uuid not null, "organization_name" text not null, "title" text not null, "planned_start" timestamptz(3) not null, "received_at" timestamptz(3) not null, "due_at" timestamptz(3) not null, "decision" text null, "opinion" text null, "reviewed_at" timestamptz(3) null, "reviewer_name" text null, primary key ("report_id", "round"));`,
    );
    this.addSql(`create index "street_report_street_id_received_at_index" on "street_report" ("street_id", "received_at");`);
  }
}
