import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000000_districts extends Migration {
  override up(): void {
    this.addSql(
      `create table "district" ("id" uuid not null, "name" text collate "C" not null, "association_name" text not null, "created_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`alter table "district" add constraint "district_name_unique" unique ("name");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "district" cascade;`);
  }
}
