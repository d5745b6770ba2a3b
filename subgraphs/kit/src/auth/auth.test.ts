import { callerFromClaims, covers, jurisdictionCondition } from './caller.js';
import { maskIdNumber, maskName, maskPhone } from './personal-data.js';
import { secretMatches } from './secret.js';
import { authConfigProblems, bearerToken, createTokenVerifier, generateDevKeyPair, signDevToken } from './tokens.js';

const district = '11111111-1111-5111-8111-111111111111';
const street = '22222222-2222-5222-8222-222222222222';
const community = '33333333-3333-5333-8333-333333333333';
const org = '44444444-4444-5444-8444-444444444444';

describe('callers from claims', () => {
  it('needs the scope id of the role', () => {
    expect(callerFromClaims({ sub: 'a', name: '甲', role: 'STREET_OFFICER', streetId: street })).toMatchObject({ kind: 'user', role: 'STREET_OFFICER', streetId: street });
    expect(() => callerFromClaims({ sub: 'a', name: '甲', role: 'STREET_OFFICER', communityId: community })).toThrow(/streetId/);
    expect(() => callerFromClaims({ sub: 'a', name: '甲', role: 'ADMIN', districtId: district })).toThrow();
  });

  it('covers exactly its own district, street, community or organization', () => {
    const place = { districtId: district, streetId: street, communityId: community, organizationId: org };
    const other = '55555555-5555-5555-8555-555555555555';
    const caller = (role: string, claim: string, id: string) => callerFromClaims({ sub: 's', name: 'n', role, [claim]: id });
    expect(covers(caller('DISTRICT_OFFICER', 'districtId', district), place)).toBe(true);
    expect(covers(caller('STREET_OFFICER', 'streetId', other), place)).toBe(false);
    expect(covers(caller('COMMUNITY_OFFICER', 'communityId', community), place)).toBe(true);
    expect(covers(caller('COMMUNITY_OFFICER', 'communityId', community), { ...place, communityId: null })).toBe(false);
    expect(covers(caller('ORG_LEADER', 'organizationId', org), { ...place, organizationId: other })).toBe(false);
    expect(covers({ kind: 'public' }, place)).toBe(false);
    expect(jurisdictionCondition(caller('STREET_OFFICER', 'streetId', street), { district: 'd', street: 's', community: 'c', organization: 'id' })).toEqual({ sql: '"s" = ?', params: [street] });
  });
});

describe('tokens', () => {
  it('verifies its own tokens and names the reason of a refusal', async () => {
    const keys = await generateDevKeyPair();
    const verify = await createTokenVerifier({ AUTH_MODE: 'dev', AUTH_DEV_PUBLIC_KEY: JSON.stringify(keys.publicJwk) });
    const token = await signDevToken(keys.privateJwk, { sub: 'demo:x', name: '甲', role: 'ANALYST', districtId: district });
    expect(await verify(token)).toMatchObject({ sub: 'demo:x', role: 'ANALYST', districtId: district });
    await expect(verify(await signDevToken(keys.privateJwk, { sub: 'demo:x', name: '甲', role: 'ANALYST', districtId: district }, { expiresIn: 1 }))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('reads bearer headers strictly', () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(() => bearerToken('Token abc')).toThrow(/Bearer/);
  });

  it('refuses development keys in production and incomplete OIDC settings', () => {
    expect(authConfigProblems({ AUTH_MODE: 'dev', AUTH_DEV_PUBLIC_KEY: '{}', NODE_ENV: 'production' })).toEqual([expect.stringMatching(/refused in production/)]);
    expect(authConfigProblems({ AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://id.example', NODE_ENV: 'production' }).map((p) => p.split(':')[0])).toEqual(['AUTH_AUDIENCE', 'AUTH_JWKS_URL']);
  });

  it('compares gateway secrets in constant time, refusing missing ones', () => {
    expect(secretMatches('s3cret-s3cret-s3cret', 's3cret-s3cret-s3cret')).toBe(true);
    expect(secretMatches('s3cret-s3cret-s3creT', 's3cret-s3cret-s3cret')).toBe(false);
    expect(secretMatches(undefined, 's3cret')).toBe(false);
    expect(secretMatches('x', undefined)).toBe(false);
  });
});

describe('masking personal data', () => {
  it('keeps the surname, the region digits and the last four', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳修文')).toBe('欧***');
    expect(maskIdNumber('110105194912310021')).toBe('110***********0021');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('an unreachable identity provider', () => {
  it('is SERVICE_UNAVAILABLE (503), not a bad token', async () => {
    const verify = await createTokenVerifier({ AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://id.example', AUTH_AUDIENCE: 'cso', AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' });
    const keys = await generateDevKeyPair();
    const token = await signDevToken(keys.privateJwk, { sub: 'x', name: '甲', role: 'ANALYST', districtId: district }, { issuer: 'https://id.example', audience: 'cso' });
    await expect(verify(token)).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
  });
});
