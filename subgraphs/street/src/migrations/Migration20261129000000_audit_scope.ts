import { Migration } from '@mikro-orm/migrations';

/** The audit trail's scope column is the platform's generic `scope_id` (the district, as before). */
export class Migration20261129000000_audit_scope extends Migration {
  override up(): void {
    this.addSql(`alter table "audit_record" rename column "district_id" to "scope_id";`);
    this.addSql(`alter index "audit_record_district_id_at_id_index" rename to "audit_record_scope_id_at_id_index";`);
  }
}
