import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000000_streets extends Migration {
  override up(): void {
    this.addSql(
      `create table "street" ("id" uuid not null, "district_id" uuid not null, "name" text collate "C" not null, "code" text not null, "branch_name" text not null, "created_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`alter table "street" add constraint "street_code_unique" unique ("code");`);
    this.addSql(`alter table "street" add constraint "street_district_id_name_unique" unique ("district_id", "name");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "street" cascade;`);
  }
}
