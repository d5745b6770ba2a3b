import { Migration } from '@mikro-orm/migrations';

/**
 * 成员数 Member and party-member counts kept in the organization row (expand only): the roster's
 * writes (submitting a filing, adding and removing a member) keep them in the same transaction, so
 * that `memberCount` and the figures read one row per organization instead of every member row.
 * Backfilled from the roster.
 */
export class Migration20261130000000_member_counters extends Migration {
  override up(): void {
    this.addSql(
      `alter table "organization" add column "member_count" int not null default 0, add column "party_member_count" int not null default 0;`,
    );
    this.addSql(
      `update "organization" o set "member_count" = m.members, "party_member_count" = m.party
       from (select organization_id, count(*) as members, count(*) filter (where is_party_member) as party from member group by organization_id) m
       where m.organization_id = o.id;`,
    );
  }
}
