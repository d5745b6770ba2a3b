import { assertMayReadFigures } from '@cso/contracts';
import type { RequestContext } from '@cso/platform';
import { inspectionResultsByScope, registerPlaceOf } from './oversight.loader.js';
import { communityFigures, districtFigures, streetFigures } from './oversight.policy.js';
import type { InspectionResults } from './oversight.types.js';

/**
 * 年检结果 Inspection results per district, street and community. Who may see them is the one
 * shared figures rule (`assertMayReadFigures`), with the scope placed by this tier's register: a
 * street or community the register does not know has only zeros, so its placement is left open.
 */

export async function districtInspectionResults(
  ctx: RequestContext,
  districtId: string,
  year: number,
): Promise<InspectionResults> {
  assertMayReadFigures(ctx.caller, districtFigures(districtId));
  return inspectionResultsByScope(ctx, 'district', year).load(districtId);
}

export async function streetInspectionResults(ctx: RequestContext, streetId: string, year: number): Promise<InspectionResults> {
  assertMayReadFigures(ctx.caller, streetFigures(streetId, await registerPlaceOf(ctx, 'street').load(streetId)));
  return inspectionResultsByScope(ctx, 'street', year).load(streetId);
}

export async function communityInspectionResults(
  ctx: RequestContext,
  communityId: string,
  year: number,
): Promise<InspectionResults> {
  assertMayReadFigures(ctx.caller, communityFigures(communityId, await registerPlaceOf(ctx, 'community').load(communityId)));
  return inspectionResultsByScope(ctx, 'community', year).load(communityId);
}
