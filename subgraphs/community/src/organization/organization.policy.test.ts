import { maskName } from '@cso/platform';
import { callers, place, thrown, type CallerName } from '../__tests__/callers.js';
import type { Organization } from './organization.entity.js';
import { OrganizationStatus } from './organization.enums.js';
import {
  assertCanManageOrganization,
  canReadOrganization,
  mayReadOrganizationsIn,
  needsPartyStation,
  personalDataAccess,
  personalField,
  type PersonalDataAccess,
} from './organization.policy.js';

const communityOrg = {
  id: place.organization,
  status: OrganizationStatus.FILED,
  community: place.community,
  streetId: place.street,
  districtId: place.district,
} as Organization;
/** A street-level organization (街级分会): no community; its street keeps its roster. */
const streetOrg = { ...communityOrg, community: null } as Organization;

describe('personal data (member names, identity numbers, phones)', () => {
  it.each<[CallerName, PersonalDataAccess]>([
    ['communityOfficer', 'FULL'],
    ['leader', 'FULL'],
    ['streetOfficer', 'MASKED'],
    ['districtOfficer', 'MASKED'],
    ['analyst', 'NONE'],
    ['public', 'NONE'],
    ['otherCommunityOfficer', 'NONE'],
    ['otherStreetOfficer', 'NONE'],
    ['otherDistrictOfficer', 'NONE'],
    ['otherLeader', 'NONE'],
  ])('of a community organization: %s sees %s', (caller, access) => {
    expect(personalDataAccess(callers[caller], communityOrg)).toBe(access);
  });

  it('of a street-level organization are in full for its street’s officer, who keeps its roster', () => {
    expect(personalDataAccess(callers.streetOfficer, streetOrg)).toBe('FULL');
    expect(personalDataAccess(callers.communityOfficer, streetOrg)).toBe('NONE');
    expect(personalDataAccess(callers.districtOfficer, streetOrg)).toBe('MASKED');
  });

  it('are shown in full, masked or not at all, as the access says', () => {
    expect(personalField('FULL', '张三丰', maskName)).toBe('张三丰');
    expect(personalField('MASKED', '张三丰', maskName)).toBe(maskName('张三丰'));
    expect(personalField('MASKED', '张三丰', maskName)).not.toBe('张三丰');
    expect(personalField('NONE', '张三丰', maskName)).toBeNull();
  });
});

describe('who may manage an organization (roster, party station)', () => {
  it.each<[CallerName, boolean]>([
    ['communityOfficer', true],
    ['leader', true],
    ['streetOfficer', false],
    ['districtOfficer', false],
    ['analyst', false],
    ['otherCommunityOfficer', false],
    ['otherLeader', false],
  ])('a community organization: %s → %s', (caller, allowed) => {
    const attempt = () => assertCanManageOrganization(callers[caller], communityOrg);
    if (allowed) expect(attempt).not.toThrow();
    else expect(thrown(attempt)).toMatchObject({ code: 'FORBIDDEN', rule: 'JURISDICTION' });
  });

  it('a street-level organization: its street’s officer and its leader, no community officer', () => {
    expect(() => assertCanManageOrganization(callers.streetOfficer, streetOrg)).not.toThrow();
    expect(() => assertCanManageOrganization(callers.leader, streetOrg)).not.toThrow();
    expect(thrown(() => assertCanManageOrganization(callers.otherStreetOfficer, streetOrg)).code).toBe('FORBIDDEN');
    expect(thrown(() => assertCanManageOrganization(callers.communityOfficer, streetOrg)).code).toBe('FORBIDDEN');
  });
});

describe('who may read an organization', () => {
  it('the public reads the register of FILED organizations only; signed-in users their jurisdiction', () => {
    expect(canReadOrganization(callers.public, communityOrg)).toBe(true);
    expect(canReadOrganization(callers.public, { ...communityOrg, status: OrganizationStatus.APPLYING } as Organization)).toBe(
      false,
    );
    expect(canReadOrganization(callers.streetOfficer, communityOrg)).toBe(true);
    expect(canReadOrganization(callers.otherStreetOfficer, communityOrg)).toBe(false);
  });
});

it('requires a party-member activity station from the district’s threshold on', () => {
  expect(needsPartyStation(2, 3)).toBe(false);
  expect(needsPartyStation(3, 3)).toBe(true);
  expect(needsPartyStation(4, 5)).toBe(false);
});

describe('which communities may hold an organization the caller can read', () => {
  const communities = {
    own: { id: place.community, streetId: place.street, districtId: place.district },
    sameStreet: { id: place.otherCommunity, streetId: place.street, districtId: place.district },
    otherStreet: { id: place.otherCommunity, streetId: place.otherStreet, districtId: place.district },
    otherDistrict: { id: place.otherCommunity, streetId: place.otherStreet, districtId: place.otherDistrict },
  };
  const statuses = Object.values(OrganizationStatus);

  it.each(Object.keys(callers) as CallerName[])(
    '%s: a community said to hold none holds none the caller can read, and one holding a readable one is said to hold some',
    (name) => {
      const caller = callers[name];
      for (const community of Object.values(communities)) {
        // Every organization that could sit in the community: each status, the caller's own organization or another.
        const readable = statuses.flatMap((status) =>
          [place.organization, place.otherOrganization].map((id) =>
            canReadOrganization(caller, {
              id,
              status,
              community: community.id,
              streetId: community.streetId,
              districtId: community.districtId,
            } as Organization),
          ),
        );
        if (!mayReadOrganizationsIn(caller, community)) expect(readable).not.toContain(true);
        if (readable.includes(true)) expect(mayReadOrganizationsIn(caller, community)).toBe(true);
      }
    },
  );

  it.each<[CallerName, keyof typeof communities, boolean]>([
    ['districtOfficer', 'otherStreet', true],
    ['districtOfficer', 'otherDistrict', false],
    ['analyst', 'otherDistrict', false],
    ['streetOfficer', 'sameStreet', true],
    ['streetOfficer', 'otherStreet', false],
    ['communityOfficer', 'own', true],
    ['communityOfficer', 'sameStreet', false],
    ['leader', 'otherDistrict', true],
    ['public', 'otherDistrict', true],
  ])('%s, community %s: %s (leaders and the public are decided per organization)', (name, community, expected) => {
    expect(mayReadOrganizationsIn(callers[name], communities[community])).toBe(expected);
  });
});
