import { randomUUID } from 'node:crypto';
import {
  errors as joseErrors,
  createRemoteJWKSet,
  importJWK,
  jwtVerify,
  SignJWT,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTVerifyGetKey,
  type CryptoKey,
} from 'jose';
import { z, ZodError } from 'zod';
import { ServiceUnavailableError, UnauthenticatedError } from '../errors.js';
import type { ClaimsParser, SignedInCaller } from './caller.js';

/** Development tokens: ES256, signed with a key made on first start; never accepted in OIDC mode. */
export const DEV_ISSUER = 'cso-dev';
export const DEV_AUDIENCE = 'cso-federation';
export const DEV_ALGORITHM = 'ES256';

export const authConfigSchema = z.object({
  /** `dev`: a local signing key (npm start, tests). `oidc`: an OIDC provider's JWKS (production). */
  AUTH_MODE: z.enum(['dev', 'oidc']).default('dev'),
  /** The development public key as a JWK (JSON); required in dev mode. */
  AUTH_DEV_PUBLIC_KEY: z.string().optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  AUTH_JWKS_URL: z.string().url().optional(),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;

/** Every auth problem of a configuration, so that start-up fails with all of them. */
export function authConfigProblems(config: AuthConfig & { NODE_ENV: string }): string[] {
  const problems: string[] = [];
  if (config.AUTH_MODE === 'dev') {
    if (config.NODE_ENV === 'production') problems.push('AUTH_MODE: development tokens are refused in production; use oidc');
    if (!config.AUTH_DEV_PUBLIC_KEY) problems.push('AUTH_DEV_PUBLIC_KEY: required in dev mode');
  } else {
    for (const key of ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const)
      if (!config[key]) problems.push(`${key}: required in oidc mode`);
  }
  return problems;
}

export type TokenVerifier = (token: string) => Promise<SignedInCaller>;

/**
 * Tokens already verified by this process, until they expire: one client request reaches the
 * gateway and several subgraph fetches with the same token, and an ES256 signature check costs
 * about half a millisecond each time. A bounded LRU keyed by the token string; only a token whose
 * signature and claims were checked is ever stored, never a failure. Revocations are checked by
 * `withRevocations` on every request, cached or not.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { caller: SignedInCaller; expiresAtMs: number }>();

  constructor(readonly maxEntries = 10_000) {}

  get(token: string, nowMs: number): SignedInCaller | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (entry.expiresAtMs <= nowMs) return undefined;
    // Most recently used last: the first key is the one to evict.
    this.entries.set(token, entry);
    return entry.caller;
  }

  set(token: string, caller: SignedInCaller, expiresAtMs: number): void {
    this.entries.delete(token);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { caller, expiresAtMs });
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Verifies a bearer token (signature, issuer, audience, expiry; `alg: none` and HMAC are never
 * accepted) and reads the caller from its claims with `parseClaims` (the roles contract's parser).
 * Any failure is UNAUTHENTICATED.
 */
export async function createTokenVerifier(
  config: AuthConfig,
  parseClaims: ClaimsParser,
  cache: VerifiedTokenCache | null = new VerifiedTokenCache(),
): Promise<TokenVerifier> {
  let key: JWTVerifyGetKey | CryptoKey | Uint8Array;
  let issuer: string;
  let audience: string;
  let algorithms: string[];
  if (config.AUTH_MODE === 'dev') {
    key = (await importJWK(JSON.parse(config.AUTH_DEV_PUBLIC_KEY!) as JWK, DEV_ALGORITHM)) as CryptoKey;
    issuer = config.AUTH_ISSUER ?? DEV_ISSUER;
    audience = config.AUTH_AUDIENCE ?? DEV_AUDIENCE;
    algorithms = [DEV_ALGORITHM];
  } else {
    key = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL!), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    issuer = config.AUTH_ISSUER!;
    audience = config.AUTH_AUDIENCE!;
    algorithms = ['RS256', 'ES256', 'PS256', 'EdDSA'];
  }
  return async (token) => {
    // Expiry is judged on the same clock as jose's check (the system's), never on a moved test clock.
    const now = Date.now();
    const cached = cache?.get(token, now);
    if (cached) return cached;
    try {
      const { payload } = await jwtVerify(token, key as JWTVerifyGetKey, {
        issuer,
        audience,
        algorithms,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 30,
      });
      const caller = Object.freeze(parseClaims(payload as Record<string, unknown>));
      // Kept until the token's own expiry (without the tolerance jose allows past it).
      const expiresAtMs = Number(payload.exp) * 1000;
      if (cache && expiresAtMs > now) cache.set(token, caller, expiresAtMs);
      return caller;
    } catch (error) {
      // An unreachable identity provider is not a bad token: the client should retry, not sign in again.
      if (error instanceof joseErrors.JWKSTimeout || (!(error instanceof joseErrors.JOSEError) && !(error instanceof ZodError))) {
        throw new ServiceUnavailableError('The identity provider cannot be reached; try again shortly', { http: true });
      }
      const reason = error instanceof joseErrors.JOSEError ? error.code : 'INVALID_CLAIMS';
      throw UnauthenticatedError.request(`Invalid token (${reason})`);
    }
  };
}

/** Reads `Authorization: Bearer <token>`; null when absent, UNAUTHENTICATED when malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
  if (!match) throw UnauthenticatedError.request('Authorization must be "Bearer <token>"');
  return match[1]!;
}

export interface DevKeyPair {
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function generateDevKeyPair(): Promise<DevKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  return {
    privateJwk: { ...(await exportJWK(privateKey)), alg: DEV_ALGORITHM },
    publicJwk: { ...(await exportJWK(publicKey)), alg: DEV_ALGORITHM },
  };
}

/** What a development token says: subject, name, role and any scope claims of the role. */
export interface TokenClaims {
  sub: string;
  name: string;
  role: string;
  [claim: string]: string | undefined;
}

/** Signs a development token. Tests also use it, with other issuers, audiences or lifetimes, to probe the checks. */
export async function signDevToken(
  privateJwk: JWK,
  claims: TokenClaims,
  options: { expiresIn?: string | number; issuer?: string; audience?: string } = {},
): Promise<string> {
  const key = await importJWK(privateJwk, DEV_ALGORITHM);
  return (
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: DEV_ALGORITHM, typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(options.issuer ?? DEV_ISSUER)
      .setAudience(options.audience ?? DEV_AUDIENCE)
      .setIssuedAt()
      // Every token has its own id, so that one token can be revoked (see revocation.ts).
      .setJti(claims.jti ?? randomUUID())
      .setExpirationTime(options.expiresIn ?? '1h')
      .sign(key)
  );
}
