import { UnauthenticatedError, type Caller } from '@cso/platform';
import type { Organization } from '../organization/organization.entity.js';
import { assertCanReadOrganization } from '../organization/organization.policy.js';
import type { MajorActivityReport } from '../report/report.entity.js';
import { canReadReport } from '../report/report.policy.js';

/** 档案 Organizations' files are for signed-in users, like `Organization.archive` itself. */
export function assertSignedInForArchives(caller: Caller): void {
  if (caller.kind !== 'user') throw new UnauthenticatedError();
}

/** An organization's file is for signed-in users who may read the organization (through `_entities` too). */
export function assertCanReadArchive(caller: Caller, org: Organization): void {
  assertSignedInForArchives(caller);
  assertCanReadOrganization(caller, org);
}

/** A report the caller may not see (not yet forwarded to their level) stays out of the file too. */
export function reportsInArchive(caller: Caller, reports: MajorActivityReport[], now: Date): MajorActivityReport[] {
  return reports.filter((r) => canReadReport(caller, r, now));
}
