import { randomUUID } from 'node:crypto';
import type { Caller, SignedInCaller } from '@cso/platform';

/**
 * Callers and places for the tier's in-process tests: one district with two streets, each with two
 * communities, and ids that belong to nothing (another district, another street…).
 */
export const place = {
  district: randomUUID(),
  otherDistrict: randomUUID(),
  street: randomUUID(),
  otherStreet: randomUUID(),
  community: randomUUID(),
  otherCommunity: randomUUID(),
  organization: randomUUID(),
  otherOrganization: randomUUID(),
};

const user = (claims: Omit<SignedInCaller, 'kind' | 'sub' | 'name'>): SignedInCaller =>
  ({ kind: 'user', sub: `test:${claims.role}`, name: '测试员', ...claims }) as SignedInCaller;

export const callers = {
  public: { kind: 'public' } as Caller,
  districtOfficer: user({ role: 'DISTRICT_OFFICER', districtId: place.district }),
  otherDistrictOfficer: user({ role: 'DISTRICT_OFFICER', districtId: place.otherDistrict }),
  analyst: user({ role: 'ANALYST', districtId: place.district }),
  streetOfficer: user({ role: 'STREET_OFFICER', streetId: place.street }),
  otherStreetOfficer: user({ role: 'STREET_OFFICER', streetId: place.otherStreet }),
  communityOfficer: user({ role: 'COMMUNITY_OFFICER', communityId: place.community }),
  otherCommunityOfficer: user({ role: 'COMMUNITY_OFFICER', communityId: place.otherCommunity }),
  leader: user({ role: 'ORG_LEADER', organizationId: place.organization }),
  otherLeader: user({ role: 'ORG_LEADER', organizationId: place.otherOrganization }),
};

export type CallerName = keyof typeof callers;

/** The `extensions` of what `fn` throws (code, rule, reason, fields…); fails when it does not throw. */
export function thrown(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('expected an error');
}

/** As {@link thrown}, for a promise. */
export async function rejected(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('expected an error');
}
