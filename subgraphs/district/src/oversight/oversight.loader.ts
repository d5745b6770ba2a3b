import { childrenLoader, type RequestContext } from '@cso/platform';
import type { FiledOrganization } from '../filing/filing.entity.js';
import { registerById } from '../filing/filing.loader.js';
import { Award, CreditEvent, Inspection } from './oversight.entity.js';
import { assertMayReadRecords, assertSignedInForRecords, type RegisterPlace } from './oversight.policy.js';
import { inspectionCountsOf, registerPlacesOf, type RegisterScope } from './oversight.repository.js';
import { InspectionResults } from './oversight.types.js';

/** Each organization's inspections, newest year first. */
export const inspectionsByOrganization = (ctx: RequestContext) =>
  childrenLoader(ctx, Inspection, 'organizationId', { year: 'desc' });

/** Each organization's awards, newest year first. */
export const awardsByOrganization = (ctx: RequestContext) =>
  childrenLoader(ctx, Award, 'organizationId', { year: 'desc', title: 'asc' });

/** Each organization's credit events, newest first. */
export const creditEventsByOrganization = (ctx: RequestContext) =>
  childrenLoader(ctx, CreditEvent, 'organizationId', { recordedAt: 'desc', id: 'desc' });

/**
 * The register entry of an organization whose records the caller asks for, after the read rule
 * ({@link assertSignedInForRecords}, {@link assertMayReadRecords}) allowed it; null when the district never registered it (nothing to show).
 */
export async function readableRegisterEntry(ctx: RequestContext, organizationId: string): Promise<FiledOrganization | null> {
  assertSignedInForRecords(ctx.caller);
  const entry = await registerById(ctx).load(organizationId);
  if (entry) assertMayReadRecords(ctx.caller, entry);
  return entry;
}

/** The inspection results of a year for each scope of one kind: one statement per batch, in key order. */
export const inspectionResultsByScope = (ctx: RequestContext, scope: RegisterScope, year: number) =>
  ctx.loaders.get<string, InspectionResults>(`inspectionResults.${scope}.${year}`, async (ids) => {
    const counts = await inspectionCountsOf(ctx.em, scope, year, ids);
    return ids.map((id) => InspectionResults.of(year, counts.get(id) ?? null));
  });

/** Where each street or community sits, from the register: one statement per batch, in key order; null when it has no entry. */
export const registerPlaceOf = (ctx: RequestContext, scope: 'street' | 'community') =>
  ctx.loaders.get<string, RegisterPlace | null>(`registerPlace.${scope}`, async (ids) => {
    const places = await registerPlacesOf(ctx.em, scope, ids);
    return ids.map((id) => places.get(id) ?? null);
  });
