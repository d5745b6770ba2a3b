import { AUDIT_TABLE_SQL } from '@cso/kit';
import { Migration } from '@mikro-orm/migrations';

/** The audit trail of this tier's mutations, and the roster lookup by identity number (duplicate check). */
export class Migration20261123010000_audit_and_roster extends Migration {
  override up(): void {
    for (const sql of AUDIT_TABLE_SQL) this.addSql(sql);
    this.addSql(`create index "member_organization_id_id_number_index" on "member" ("organization_id", "id_number");`);
  }

  override down(): void {
    this.addSql(`drop index if exists "member_organization_id_id_number_index";`);
    this.addSql(`drop table if exists "audit_record";`);
  }
}
