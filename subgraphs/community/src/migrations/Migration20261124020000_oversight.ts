import { Migration } from '@mikro-orm/migrations';

/** Oversight records kept by this tier (monthly reports / inspections, credit, awards / satisfaction evaluations). */
export class Migration20261124020000_oversight extends Migration {
  override up(): void {
    this.addSql(`create type "evaluator_group" as enum ('TWO_COMMITTEES', 'RESIDENT_REPRESENTATIVES', 'JURISDICTION_UNITS');`);
    this.addSql(
      `create table "satisfaction_rating" ("id" uuid not null, "organization_id" uuid not null, "community_id" uuid not null, "street_id" uuid not null, "district_id" uuid not null, "period" text not null, "evaluator_group" "evaluator_group" not null, "score" int not null, "comment" text not null, "rated_at" timestamptz(3) not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "satisfaction_rating_community_id_period_index" on "satisfaction_rating" ("community_id", "period");`,
    );
    this.addSql(
      `alter table "satisfaction_rating" add constraint "satisfaction_rating_organization_id_period_evalua_338a9_unique" unique ("organization_id", "period", "evaluator_group");`,
    );
  }
}
