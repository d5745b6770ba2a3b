import { callerFromClaims, covers, jurisdictionCondition, mayReadFigures } from './v1.js';

const district = '11111111-1111-5111-8111-111111111111';
const street = '22222222-2222-5222-8222-222222222222';
const community = '33333333-3333-5333-8333-333333333333';
const org = '44444444-4444-5444-8444-444444444444';
const other = '55555555-5555-5555-8555-555555555555';
const caller = (role: string, claim: string, id: string) => callerFromClaims({ sub: 's', name: 'n', role, [claim]: id });

describe('callers from claims', () => {
  it('needs the scope id of the role', () => {
    expect(callerFromClaims({ sub: 'a', name: '甲', role: 'STREET_OFFICER', streetId: street })).toMatchObject({
      kind: 'user',
      role: 'STREET_OFFICER',
      streetId: street,
    });
    expect(() => callerFromClaims({ sub: 'a', name: '甲', role: 'STREET_OFFICER', communityId: community })).toThrow(/streetId/);
    expect(() => callerFromClaims({ sub: 'a', name: '甲', role: 'ADMIN', districtId: district })).toThrow();
  });

  it('covers exactly its own district, street, community or organization', () => {
    const place = { districtId: district, streetId: street, communityId: community, organizationId: org };
    expect(covers(caller('DISTRICT_OFFICER', 'districtId', district), place)).toBe(true);
    expect(covers(caller('STREET_OFFICER', 'streetId', other), place)).toBe(false);
    expect(covers(caller('COMMUNITY_OFFICER', 'communityId', community), place)).toBe(true);
    expect(covers(caller('COMMUNITY_OFFICER', 'communityId', community), { ...place, communityId: null })).toBe(false);
    expect(covers(caller('ORG_LEADER', 'organizationId', org), { ...place, organizationId: other })).toBe(false);
    expect(covers({ kind: 'public' }, place)).toBe(false);
    expect(
      jurisdictionCondition(caller('STREET_OFFICER', 'streetId', street), {
        district: 'd',
        street: 's',
        community: 'c',
        organization: 'id',
      }),
    ).toEqual({
      sql: '"s" = ?',
      params: [street],
    });
  });
});

describe('who may read figures', () => {
  const d = { level: 'DISTRICT', districtId: district } as const;
  const s = { level: 'STREET', streetId: street, districtId: district } as const;
  const c = { level: 'COMMUNITY', communityId: community, streetId: street, districtId: district } as const;

  it('district officers and analysts: their district and everything in it', () => {
    for (const role of ['DISTRICT_OFFICER', 'ANALYST']) {
      expect([d, s, c].map((scope) => mayReadFigures(caller(role, 'districtId', district), scope))).toEqual([true, true, true]);
      expect([d, s, c].map((scope) => mayReadFigures(caller(role, 'districtId', other), scope))).toEqual([false, false, false]);
    }
  });

  it('street officers: their street and its communities, never the district', () => {
    expect([d, s, c].map((scope) => mayReadFigures(caller('STREET_OFFICER', 'streetId', street), scope))).toEqual([
      false,
      true,
      true,
    ]);
    expect([s, c].map((scope) => mayReadFigures(caller('STREET_OFFICER', 'streetId', other), scope))).toEqual([false, false]);
  });

  it('community officers: their community only; leaders and the public: never', () => {
    expect([d, s, c].map((scope) => mayReadFigures(caller('COMMUNITY_OFFICER', 'communityId', community), scope))).toEqual([
      false,
      false,
      true,
    ]);
    expect(mayReadFigures(caller('COMMUNITY_OFFICER', 'communityId', other), c)).toBe(false);
    expect([d, s, c].map((scope) => mayReadFigures(caller('ORG_LEADER', 'organizationId', org), scope))).toEqual([
      false,
      false,
      false,
    ]);
    expect(mayReadFigures({ kind: 'public' }, c)).toBe(false);
  });

  it('a scope the answering tier has no data of shows only zeros, to any officer of its level or above', () => {
    const unknown = { level: 'COMMUNITY', communityId: other, streetId: null, districtId: null } as const;
    expect(mayReadFigures(caller('STREET_OFFICER', 'streetId', street), unknown)).toBe(true);
    expect(mayReadFigures(caller('COMMUNITY_OFFICER', 'communityId', community), unknown)).toBe(false);
  });
});
