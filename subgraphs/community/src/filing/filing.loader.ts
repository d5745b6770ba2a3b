import { byIdLoader, childrenLoader, type RequestContext } from '@cso/platform';
import { FilingApplication, FilingStep } from './filing.entity.js';

export const filingById = (ctx: RequestContext) => byIdLoader(ctx, FilingApplication);

/** The history of each filing, oldest first: one statement for all filings of a request. */
export const stepsByFiling = (ctx: RequestContext) => childrenLoader(ctx, FilingStep, 'filingId', { at: 'asc', id: 'asc' });

/** The filings of each organization, oldest first (its file). */
export const filingsByOrganization = (ctx: RequestContext) =>
  childrenLoader(ctx, FilingApplication, 'organizationId', { submittedAt: 'asc', id: 'asc' });
