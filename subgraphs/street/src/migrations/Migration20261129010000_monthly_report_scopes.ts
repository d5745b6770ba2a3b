import { Migration } from '@mikro-orm/migrations';

/** Monthly-report compliance per district and per community reads the scope's reports of the month on an index. */
export class Migration20261129010000_monthly_report_scopes extends Migration {
  override up(): void {
    this.addSql(
      `create index if not exists "monthly_report_district_id_month_index" on "monthly_report" ("district_id", "month");`,
    );
    this.addSql(
      `create index if not exists "monthly_report_community_id_month_index" on "monthly_report" ("community_id", "month");`,
    );
  }
}
