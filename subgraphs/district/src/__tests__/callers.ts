import type { Caller, SignedInCaller } from '@cso/platform';
import { randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';

/** Callers as the token verifier makes them, for tests of rules and services. */
const user = (role: SignedInCaller['role'], claims: Partial<SignedInCaller>): SignedInCaller =>
  ({ kind: 'user', sub: `test:${role}:${randomUUID()}`, name: '测试用户', role, ...claims }) as SignedInCaller;

export const districtOfficer = (districtId: string) => user('DISTRICT_OFFICER', { districtId });
export const analyst = (districtId: string) => user('ANALYST', { districtId });
export const streetOfficer = (streetId: string) => user('STREET_OFFICER', { streetId });
export const communityOfficer = (communityId: string) => user('COMMUNITY_OFFICER', { communityId });
export const orgLeader = (organizationId: string) => user('ORG_LEADER', { organizationId });
export const PUBLIC: Caller = { kind: 'public' };

/** The `extensions` of the error a rule or service throws (null when it does not throw): code and rule, as a client sees them. */
export function refusalOf(act: () => unknown): Record<string, unknown> | null {
  try {
    act();
  } catch (error) {
    return (error as GraphQLError).extensions;
  }
  return null;
}

/** {@link refusalOf} for a service: the extensions of the rejection, or null when it resolves. */
export async function rejectionOf(act: Promise<unknown>): Promise<Record<string, unknown> | null> {
  try {
    await act;
  } catch (error) {
    return (error as GraphQLError).extensions ?? { message: String(error) };
  }
  return null;
}
