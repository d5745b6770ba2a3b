import { hasRole, type ClaimsParser, type SignedInCaller } from './caller.js';
import { maskIdNumber, maskName, maskPhone } from './personal-data.js';
import { secretMatcher, secretMatches } from './secret.js';
import { RevocationList, withRevocations } from './revocation.js';
import {
  authConfigProblems,
  bearerToken,
  createTokenVerifier,
  generateDevKeyPair,
  signDevToken,
  VerifiedTokenCache,
} from './tokens.js';

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

describe('the cache of verified tokens', () => {
  const config = async () => {
    const keys = await generateDevKeyPair();
    return { keys, auth: { AUTH_MODE: 'dev' as const, AUTH_DEV_PUBLIC_KEY: JSON.stringify(keys.publicJwk) } };
  };

  it('verifies a token once, then answers from the cache until it expires; failures are never kept', async () => {
    const { keys, auth } = await config();
    const cache = new VerifiedTokenCache(2);
    let parsed = 0;
    const verify = await createTokenVerifier(auth, (claims) => (parsed++, parseClaims(claims)), cache);
    const token = await signDevToken(keys.privateJwk, { sub: 'demo:x', name: '甲', role: 'READER' });
    expect(await verify(token)).toMatchObject({ sub: 'demo:x' });
    expect(await verify(token)).toMatchObject({ sub: 'demo:x' });
    expect(parsed).toBe(1);
    // A token whose signature does not match is refused every time, however often it comes.
    const forged = `${token.slice(0, -4)}AAAA`;
    for (let i = 0; i < 2; i++) await expect(verify(forged)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(cache.size).toBe(1);
    // Expired entries are verified again (and refused); the cache holds at most its bound.
    expect(cache.get(token, Date.now() + 2 * 3600_000)).toBeUndefined();
    for (let i = 0; i < 3; i++)
      await verify(await signDevToken(keys.privateJwk, { sub: `demo:${i}`, name: '乙', role: 'READER' }));
    expect(cache.size).toBe(2);
  });

  it('never spares a cached token the revocation check', async () => {
    const { keys, auth } = await config();
    const denied = new Set<string>();
    const list = new RevocationList(
      async () => [...denied].map((value) => ({ kind: 'sub' as const, value })),
      console as never,
      60_000,
    );
    const verify = withRevocations(await createTokenVerifier(auth, parseClaims), list);
    const token = await signDevToken(keys.privateJwk, { sub: 'demo:y', name: '丙', role: 'READER' });
    expect(await verify(token)).toMatchObject({ sub: 'demo:y' });
    denied.add('demo:y');
    await list.refresh();
    await expect(verify(token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
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
    expect(secretMatches('', '')).toBe(false);
  });

  it('checks many presented secrets against one expected secret', () => {
    const matches = secretMatcher('s3cret-s3cret-s3cret');
    expect(matches('s3cret-s3cret-s3cret')).toBe(true);
    expect(matches('s3cret-s3cret-s3cret ')).toBe(false);
    expect(matches('s3cret')).toBe(false);
    expect(matches(undefined)).toBe(false);
    expect(matches('')).toBe(false);
    expect(secretMatcher(undefined)('s3cret')).toBe(false);
    expect(secretMatcher('')('')).toBe(false);
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
