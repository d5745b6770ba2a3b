import type { MigrationObject } from '@mikro-orm/core';
import { PLATFORM_MIGRATIONS } from '@cso/platform';
import { Migration20261123000000_streets } from './Migration20261123000000_streets.js';
import { Migration20261123020000_policies_and_events } from './Migration20261123020000_policies_and_events.js';
import { Migration20261124000000_filings } from './Migration20261124000000_filings.js';
import { Migration20261124010000_major_activity_reports } from './Migration20261124010000_major_activity_reports.js';
import { Migration20261124020000_oversight } from './Migration20261124020000_oversight.js';
import { Migration20261129000000_audit_scope } from './Migration20261129000000_audit_scope.js';
import { Migration20261129010000_monthly_report_scopes } from './Migration20261129010000_monthly_report_scopes.js';
import { Migration20261130020000_compliance_covering_indexes } from './Migration20261130020000_compliance_covering_indexes.js';

/** Versioned migrations, in order. Add a new file per change; never edit one that has shipped. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261123000000_streets', class: Migration20261123000000_streets },
  { name: 'Migration20261123020000_policies_and_events', class: Migration20261123020000_policies_and_events },
  { name: 'Migration20261124000000_filings', class: Migration20261124000000_filings },
  { name: 'Migration20261124010000_major_activity_reports', class: Migration20261124010000_major_activity_reports },
  { name: 'Migration20261124020000_oversight', class: Migration20261124020000_oversight },
  { name: 'Migration20261129000000_audit_scope', class: Migration20261129000000_audit_scope },
  { name: 'Migration20261129010000_monthly_report_scopes', class: Migration20261129010000_monthly_report_scopes },
  { name: 'Migration20261130020000_compliance_covering_indexes', class: Migration20261130020000_compliance_covering_indexes },
  // The platform's own tables (outbox, idempotency keys), after this tier's.
  ...PLATFORM_MIGRATIONS,
];
