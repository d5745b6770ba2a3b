import { childrenLoader, type RequestContext } from '@cso/platform';
import { Certificate, StreetFiling } from '../filing/filing.entity.js';
import { MonthlyReport } from '../monthly/monthly.entity.js';

/** What the street keeps of each organization, for its file: one statement per kind and batch, in key order. */

export const filingsOfOrganization = (ctx: RequestContext) =>
  childrenLoader(ctx, StreetFiling, 'organizationId', { forwardedAt: 'asc', id: 'asc' });

export const certificatesOfOrganization = (ctx: RequestContext) =>
  childrenLoader(ctx, Certificate, 'organizationId', { issuedAt: 'asc', id: 'asc' });

/** Every revision of each organization's monthly reports. */
export const monthlyReportsOfOrganization = (ctx: RequestContext) =>
  childrenLoader(ctx, MonthlyReport, 'organizationId', { month: 'asc', revision: 'asc' });
