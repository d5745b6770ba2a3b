import { AUDIT_TABLE_SQL } from '@cso/kit';
import { Migration } from '@mikro-orm/migrations';

/** The audit trail of this tier's mutations, and one roster entry per person and organization. */
export class Migration20261123010000_audit_and_roster extends Migration {
  override up(): void {
    for (const sql of AUDIT_TABLE_SQL) this.addSql(sql);
    this.addSql(`alter table "member" add constraint "member_organization_id_id_number_unique" unique ("organization_id", "id_number");`);
  }

  override down(): void {
    this.addSql(`alter table "member" drop constraint if exists "member_organization_id_id_number_unique";`);
    this.addSql(`drop table if exists "audit_record";`);
  }
}
