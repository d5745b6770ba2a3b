import { NotFoundError, recordAudit, type RequestContext } from '@cso/platform';
import { LockMode } from '@mikro-orm/core';
import { Organization } from './organization.entity.js';
import { organizationById } from './organization.loader.js';
import { assertCanManageOrganization, personalDataAccess, type PersonalDataAccess } from './organization.policy.js';

/** Records that a party-member activity station (党员活动站/组) is set up, or no longer is. Audited. */
export function setPartyStation(ctx: RequestContext, organizationId: string, hasPartyStation: boolean): Promise<Organization> {
  return ctx.em.transactional(async (tx) => {
    const org = await tx.findOne(Organization, { id: organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!org) throw new NotFoundError('Organization', organizationId);
    assertCanManageOrganization(ctx.caller, org);
    // Nothing changes, nothing is recorded.
    if (org.hasPartyStation === hasPartyStation) return org;
    const before = { hasPartyStation: org.hasPartyStation };
    org.hasPartyStation = hasPartyStation;
    recordAudit(tx, ctx, 'community', {
      action: 'setPartyStation',
      targetType: 'Organization',
      targetId: org.id,
      scopeId: org.districtId,
      before,
      after: { hasPartyStation },
    });
    return org;
  });
}

/** The caller's access to the personal data of an organization's people (roster, applicants, contacts). */
export async function personalDataAccessFor(ctx: RequestContext, organizationId: string): Promise<PersonalDataAccess> {
  const org = await organizationById(ctx).load(organizationId);
  return org ? personalDataAccess(ctx.caller, org) : 'NONE';
}
