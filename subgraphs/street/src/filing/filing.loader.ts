import { byIdLoader, groupedInKeyOrder, inKeyOrder, plainRowsWhereIn, type RequestContext } from '@cso/platform';
import { Certificate, Objection, StreetFiling } from './filing.entity.js';
import { latestFilingsOf, organizationsAtStreet, type PlaceAtStreet } from './filing.repository.js';

/** The per-request loaders of the filing context: one statement per batch, results in key order. */

export const filingById = (ctx: RequestContext) => byIdLoader(ctx, StreetFiling);

/** The objections of each notice (by filing id), oldest first. */
export const objectionsByFiling = (ctx: RequestContext) =>
  ctx.loaders.get<string, Objection[]>('objections.byFiling', async (ids) =>
    groupedInKeyOrder(
      ids,
      await plainRowsWhereIn(ctx.em, Objection, 'filingId', ids, { lodgedAt: 'asc', id: 'asc' }),
      (o) => o.filingId,
    ),
  );

/** The certificate of each organization (one at most), or null. */
export const certificateByOrganization = (ctx: RequestContext) =>
  ctx.loaders.get<string, Certificate | null>('certificate.byOrganization', async (ids) =>
    inKeyOrder(ids, await plainRowsWhereIn(ctx.em, Certificate, 'organizationId', ids), (c) => c.organizationId),
  );

/** The latest filing the street received for each organization, or null. */
export const latestFilingByOrganization = (ctx: RequestContext) =>
  ctx.loaders.get<string, StreetFiling | null>('filing.latestByOrganization', async (ids) =>
    inKeyOrder(ids, await latestFilingsOf(ctx.em, ids), (f) => f.organizationId),
  );

/** What the street knows of each organization's placement (and whether it is filed), or null when it never received a filing of it. */
export const placeOfOrganization = (ctx: RequestContext) =>
  ctx.loaders.get<string, PlaceAtStreet | null>('organization.place', (ids) => organizationsAtStreet(ctx.em, ids));
