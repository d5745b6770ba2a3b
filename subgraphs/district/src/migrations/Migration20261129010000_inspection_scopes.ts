import { Migration } from '@mikro-orm/migrations';

/** Inspection results per street and per community read the scope's inspections of the year on an index. */
export class Migration20261129010000_inspection_scopes extends Migration {
  override up(): void {
    this.addSql(`create index if not exists "inspection_street_id_year_index" on "inspection" ("street_id", "year");`);
    this.addSql(`create index if not exists "inspection_community_id_year_index" on "inspection" ("community_id", "year");`);
  }
}
