import { hasRole, type ClaimsParser, type SignedInCaller } from './caller.js';
import { maskIdNumber, maskName, maskPhone } from './personal-data.js';
import { secretMatches } from './secret.js';
import { authConfigProblems, bearerToken, createTokenVerifier, generateDevKeyPair, signDevToken } from './tokens.js';

const scope = '11111111-1111-5111-8111-111111111111';

/** A stand-in for the roles contract: the platform only needs some parser of claims. */
const parseClaims: ClaimsParser = (claims) => {
  if (typeof claims.sub !== 'string' || typeof claims.name !== 'string' || typeof claims.role !== 'string')
    throw new Error('claims');
  return { kind: 'user', sub: claims.sub, name: claims.name, role: claims.role } as SignedInCaller;
};

describe('callers', () => {
  it('have a role only when signed in', () => {
    expect(hasRole({ kind: 'public' }, 'ANY')).toBe(false);
    expect(hasRole(parseClaims({ sub: 'a', name: '甲', role: 'ANY' }), 'ANY', 'OTHER')).toBe(true);
    expect(hasRole(parseClaims({ sub: 'a', name: '甲', role: 'ANY' }), 'OTHER')).toBe(false);
  });
});

describe('tokens', () => {
  it('verifies its own tokens and names the reason of a refusal', async () => {
    const keys = await generateDevKeyPair();
    const verify = await createTokenVerifier(
      { AUTH_MODE: 'dev', AUTH_DEV_PUBLIC_KEY: JSON.stringify(keys.publicJwk) },
      parseClaims,
    );
    const token = await signDevToken(keys.privateJwk, { sub: 'demo:x', name: '甲', role: 'READER', scopeId: scope });
    expect(await verify(token)).toMatchObject({ sub: 'demo:x', role: 'READER' });
    await expect(
      verify(
        await signDevToken(keys.privateJwk, { sub: 'demo:x', name: '甲', role: 'READER', scopeId: scope }, { expiresIn: 1 }),
      ),
    ).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('reads bearer headers strictly', () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(() => bearerToken('Token abc')).toThrow(/Bearer/);
  });

  it('refuses development keys in production and incomplete OIDC settings', () => {
    expect(authConfigProblems({ AUTH_MODE: 'dev', AUTH_DEV_PUBLIC_KEY: '{}', NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/refused in production/),
    ]);
    expect(
      authConfigProblems({ AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://id.example', NODE_ENV: 'production' }).map(
        (p) => p.split(':')[0],
      ),
    ).toEqual(['AUTH_AUDIENCE', 'AUTH_JWKS_URL']);
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
    const verify = await createTokenVerifier(
      {
        AUTH_MODE: 'oidc',
        AUTH_ISSUER: 'https://id.example',
        AUTH_AUDIENCE: 'cso',
        AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
      },
      parseClaims,
    );
    const keys = await generateDevKeyPair();
    const token = await signDevToken(
      keys.privateJwk,
      { sub: 'x', name: '甲', role: 'READER', scopeId: scope },
      { issuer: 'https://id.example', audience: 'cso' },
    );
    await expect(verify(token)).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
  });
});
