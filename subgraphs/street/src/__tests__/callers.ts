import type { Caller, SignedInCaller } from '@cso/platform';

/** Callers of every role, scoped to the ids a test gives (tokens as the roles contract reads them). */

export const PUBLIC: Caller = { kind: 'public' };

export const districtOfficer = (districtId: string): SignedInCaller => ({
  kind: 'user',
  sub: `district:${districtId}`,
  name: '区协会干部',
  role: 'DISTRICT_OFFICER',
  districtId,
});
export const analyst = (districtId: string): SignedInCaller => ({
  kind: 'user',
  sub: `analyst:${districtId}`,
  name: '分析员',
  role: 'ANALYST',
  districtId,
});
export const streetOfficer = (streetId: string): SignedInCaller => ({
  kind: 'user',
  sub: `street:${streetId}`,
  name: '街道分会干部',
  role: 'STREET_OFFICER',
  streetId,
});
export const communityOfficer = (communityId: string): SignedInCaller => ({
  kind: 'user',
  sub: `community:${communityId}`,
  name: '社区干部',
  role: 'COMMUNITY_OFFICER',
  communityId,
});
export const orgLeader = (organizationId: string): SignedInCaller => ({
  kind: 'user',
  sub: `leader:${organizationId}`,
  name: '负责人',
  role: 'ORG_LEADER',
  organizationId,
});
