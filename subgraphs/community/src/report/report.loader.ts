import { byIdLoader, childrenLoader, type RequestContext } from '@cso/platform';
import { MajorActivityReport, ReportStep } from './report.entity.js';

export const reportById = (ctx: RequestContext) => byIdLoader(ctx, MajorActivityReport);

/** The timeline of each report, oldest first: one statement for all reports of a request. */
export const stepsByReport = (ctx: RequestContext) => childrenLoader(ctx, ReportStep, 'reportId', { at: 'asc', id: 'asc' });

/** The reports of each organization, oldest first (its file). */
export const reportsByOrganization = (ctx: RequestContext) =>
  childrenLoader(ctx, MajorActivityReport, 'organizationId', { submittedAt: 'asc', id: 'asc' });
