import { Migration } from '@mikro-orm/migrations';

/** Inspection results per street and community read the register by scope. */
export class Migration20261124030000_register_scopes extends Migration {
  override up(): void {
    this.addSql(
      `create index "filed_organization_community_id_status_index" on "filed_organization" ("community_id", "status");`,
    );
    this.addSql(`create index "filed_organization_street_id_status_index" on "filed_organization" ("street_id", "status");`);
  }
}
