import { Migration } from '@mikro-orm/migrations';

/** Oversight records kept by this tier (monthly reports / inspections, credit, awards / satisfaction evaluations). */
export class Migration20261124020000_oversight extends Migration {
  override up(): void {
    this.addSql(`create type "credit_kind" as enum ('POSITIVE', 'NEGATIVE');`);
    this.addSql(`create type "inspection_result" as enum ('PASS', 'BASIC_PASS', 'FAIL');`);
    this.addSql(
      `create table "award" ("id" uuid not null, "organization_id" uuid not null, "district_id" uuid not null, "year" int not null, "title" text not null, "granted_at" timestamptz(3) not null, primary key ("id"));`,
    );
    this.addSql(`create index "award_district_id_year_index" on "award" ("district_id", "year");`);
    this.addSql(
      `alter table "award" add constraint "award_organization_id_year_title_unique" unique ("organization_id", "year", "title");`,
    );
    this.addSql(
      `create table "credit_event" ("id" uuid not null, "organization_id" uuid not null, "district_id" uuid not null, "kind" "credit_kind" not null, "points" int not null, "reason" text not null, "recorded_at" timestamptz(3) not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "credit_event_organization_id_recorded_at_index" on "credit_event" ("organization_id", "recorded_at");`,
    );
    this.addSql(
      `create table "inspection" ("id" uuid not null, "organization_id" uuid not null, "district_id" uuid not null, "street_id" uuid not null, "community_id" uuid null, "year" int not null, "result" "inspection_result" not null, "findings" text not null, "rectify_by" date null, "inspected_at" timestamptz(3) not null, "inspector_name" text not null, primary key ("id"));`,
    );
    this.addSql(`create index "inspection_district_id_year_index" on "inspection" ("district_id", "year");`);
    this.addSql(
      `alter table "inspection" add constraint "inspection_organization_id_year_unique" unique ("organization_id", "year");`,
    );
  }
}
