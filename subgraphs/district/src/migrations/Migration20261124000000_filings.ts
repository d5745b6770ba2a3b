import { Migration } from '@mikro-orm/migrations';

/** The register of filed organizations, cancellations and the blacklist. */
export class Migration20261124000000_filings extends Migration {
  override up(): void {
    this.addSql(
      `create table "blacklist_entry" ("id" uuid not null, "district_id" uuid not null, "id_number" text not null, "name" text not null, "reason" text not null, "listed_at" timestamptz(3) not null default now(), "listed_by_name" text not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "blacklist_entry_district_id_listed_at_id_index" on "blacklist_entry" ("district_id", "listed_at", "id");`,
    );
    this.addSql(
      `alter table "blacklist_entry" add constraint "blacklist_entry_district_id_id_number_unique" unique ("district_id", "id_number");`,
    );
    this.addSql(
      `create table "filed_organization" ("organization_id" uuid not null, "district_id" uuid not null, "street_id" uuid not null, "community_id" uuid null, "name" text not null, "status" text not null, "as_of" timestamptz(3) not null, primary key ("organization_id"));`,
    );
    this.addSql(`create index "filed_organization_district_id_status_index" on "filed_organization" ("district_id", "status");`);
    this.addSql(
      `create table "filing_cancellation" ("id" uuid not null, "organization_id" uuid not null, "district_id" uuid not null, "reason" text not null, "cancelled_at" timestamptz(3) not null, "cancelled_by_name" text not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "filing_cancellation" add constraint "filing_cancellation_organization_id_unique" unique ("organization_id");`,
    );
  }
}
