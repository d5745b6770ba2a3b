import type { MigrationObject } from '@mikro-orm/core';
import { PLATFORM_MIGRATIONS } from '@cso/platform';
import { Migration20261123000000_communities } from './Migration20261123000000_communities.js';
import { Migration20261123010000_audit_and_roster } from './Migration20261123010000_audit_and_roster.js';
import { Migration20261123020000_policies_and_events } from './Migration20261123020000_policies_and_events.js';
import { Migration20261124000000_filings } from './Migration20261124000000_filings.js';
import { Migration20261124010000_major_activity_reports } from './Migration20261124010000_major_activity_reports.js';
import { Migration20261124020000_oversight } from './Migration20261124020000_oversight.js';
import { Migration20261129000000_audit_scope } from './Migration20261129000000_audit_scope.js';
import { Migration20261130000000_member_counters } from './Migration20261130000000_member_counters.js';
import { Migration20261130010000_district_filter_indexes } from './Migration20261130010000_district_filter_indexes.js';

/** Versioned migrations, in order. Add a new file per change; never edit one that has shipped. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261123000000_communities', class: Migration20261123000000_communities },
  { name: 'Migration20261123010000_audit_and_roster', class: Migration20261123010000_audit_and_roster },
  { name: 'Migration20261123020000_policies_and_events', class: Migration20261123020000_policies_and_events },
  { name: 'Migration20261124000000_filings', class: Migration20261124000000_filings },
  { name: 'Migration20261124010000_major_activity_reports', class: Migration20261124010000_major_activity_reports },
  { name: 'Migration20261124020000_oversight', class: Migration20261124020000_oversight },
  { name: 'Migration20261129000000_audit_scope', class: Migration20261129000000_audit_scope },
  { name: 'Migration20261130000000_member_counters', class: Migration20261130000000_member_counters },
  { name: 'Migration20261130010000_district_filter_indexes', class: Migration20261130010000_district_filter_indexes },
  // The platform's own tables (outbox, idempotency keys), after this tier's.
  ...PLATFORM_MIGRATIONS,
];
