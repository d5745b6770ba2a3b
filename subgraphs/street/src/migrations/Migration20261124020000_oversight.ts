import { Migration } from '@mikro-orm/migrations';

/** Oversight records kept by this tier (monthly reports / inspections, credit, awards / satisfaction evaluations). */
export class Migration20261124020000_oversight extends Migration {
  override up(): void {
    this.addSql(
      `create table "monthly_report" ("id" uuid not null, "organization_id" uuid not null, "community_id" uuid null, "street_id" uuid not null, "district_id" uuid not null, "month" text not null, "revision" int not null, "participants" int not null, "activities" jsonb not null, "public_benefit_scope" text not null, "good_deeds" text not null, "party_members_taking_part" int not null, "submitted_at" timestamptz(3) not null, "late" boolean not null, "superseded_at" timestamptz(3) null, primary key ("id"));`,
    );
    this.addSql(
      `create index "monthly_report_organization_id_month_id_index" on "monthly_report" ("organization_id", "month", "id");`,
    );
    this.addSql(`create index "monthly_report_street_id_month_index" on "monthly_report" ("street_id", "month");`);
    this.addSql(
      `alter table "monthly_report" add constraint "monthly_report_organization_id_month_revision_unique" unique ("organization_id", "month", "revision");`,
    );
    this.addSql(`alter table "certificate" add "community_id" uuid null, add "district_id" uuid null;`);
    this.addSql(
      `update "certificate" c set "community_id" = f."community_id", "district_id" = f."district_id" from "street_filing" f where f."id" = c."filing_id";`,
    );
    this.addSql(`create index "certificate_district_id_issued_at_index" on "certificate" ("district_id", "issued_at");`);
    this.addSql(`create index "certificate_community_id_issued_at_index" on "certificate" ("community_id", "issued_at");`);
    this.addSql(`create index "certificate_street_id_issued_at_index" on "certificate" ("street_id", "issued_at");`);
  }
}
