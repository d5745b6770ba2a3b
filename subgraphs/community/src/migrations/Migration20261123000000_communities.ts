import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000000_communities extends Migration {
  override up(): void {
    this.addSql(
      `create type "organization_category" as enum ('LIVELIHOOD_SERVICE', 'SOCIAL_AFFAIRS', 'SELF_GOVERNANCE', 'VOLUNTEER_CHARITY', 'CULTURE_SPORTS');`,
    );
    this.addSql(`create type "organization_level" as enum ('COMMUNITY', 'STREET');`);
    this.addSql(`create type "organization_sponsor" as enum ('RESIDENTS', 'DISTRICT_UNIT', 'STREET');`);
    this.addSql(
      `create type "organization_status" as enum ('APPLYING', 'PUBLIC_NOTICE', 'FILED', 'DISSOLVING', 'DISSOLVED', 'CANCELLED', 'REJECTED');`,
    );
    this.addSql(`create type "gender" as enum ('FEMALE', 'MALE');`);
    this.addSql(`create type "member_role" as enum ('LEADER', 'CORE', 'MEMBER');`);
    this.addSql(
      `create table "community" ("id" uuid not null, "street_id" uuid not null, "district_id" uuid not null, "name" text collate "C" not null, "committee_name" text not null, "created_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "community_district_id_index" on "community" ("district_id");`);
    this.addSql(`alter table "community" add constraint "community_street_id_name_unique" unique ("street_id", "name");`);
    this.addSql(
      `create table "organization" ("id" uuid not null, "name" text collate "C" not null, "category" "organization_category" not null, "level" "organization_level" not null, "sponsor" "organization_sponsor" not null, "status" "organization_status" not null, "purpose" text not null, "activity_area" text not null, "activity_schedule" text not null, "founded_on" date not null, "has_party_station" boolean not null default false, "community_id" uuid null, "street_id" uuid not null, "district_id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "organization_name_id_index" on "organization" ("name", "id");`);
    this.addSql(`create index "organization_district_id_name_id_index" on "organization" ("district_id", "name", "id");`);
    this.addSql(`create index "organization_street_id_name_id_index" on "organization" ("street_id", "name", "id");`);
    this.addSql(`create index "organization_community_id_name_id_index" on "organization" ("community_id", "name", "id");`);
    this.addSql(
      `create table "member" ("id" uuid not null, "organization_id" uuid not null, "name" text collate "C" not null, "gender" "gender" not null, "birth_date" date not null, "id_number" text not null, "phone" text not null, "is_party_member" boolean not null default false, "role" "member_role" not null, "joined_on" date not null, primary key ("id"));`,
    );
    this.addSql(`create index "member_organization_id_name_id_index" on "member" ("organization_id", "name", "id");`);
    this.addSql(
      `alter table "organization" add constraint "organization_community_id_foreign" foreign key ("community_id") references "community" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "member" add constraint "member_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete cascade;`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "member" cascade;`);
    this.addSql(`drop table if exists "organization" cascade;`);
    this.addSql(`drop table if exists "community" cascade;`);
    this.addSql(
      `drop type if exists "member_role", "gender", "organization_status", "organization_sponsor", "organization_level", "organization_category";`,
    );
  }
}
