import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConfigError, generateDevKeyPair, type DevKeyPair } from '@cso/platform';
import { decodeJwt } from 'jose';
import { bootstrapGateway, type RunningGateway } from '../gateway.js';
import type { GatewayOverrides } from '../config.js';

/** The gateway's side of the workbench: its pages and their policy, and sign-in by identity mode. */
const DISTRICT = '11111111-1111-5111-8111-111111111111';
const USERS = [
  {
    login: 'analyst',
    name: '吴敏',
    role: 'ANALYST',
    scope: '河北区 (analysis)',
    claims: { sub: 'demo:analyst', name: '吴敏', role: 'ANALYST', districtId: DISTRICT },
  },
];
const keys: DevKeyPair = await generateDevKeyPair();
const running: RunningGateway[] = [];

async function start(overrides: GatewayOverrides, nodeEnv = 'test'): Promise<string> {
  const gateway = await bootstrapGateway(
    {
      PORT: 0,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SUPERGRAPH_WATCH: false,
      AUTH_MODE: 'dev',
      AUTH_DEV_PUBLIC_KEY: JSON.stringify(keys.publicJwk),
      ...overrides,
    },
    { NODE_ENV: nodeEnv },
  );
  running.push(gateway);
  return gateway.url.replace(/\/graphql$/, '');
}
const devSignIn = (): GatewayOverrides => ({
  AUTH_DEV_PRIVATE_KEY: JSON.stringify(keys.privateJwk),
  DEV_USERS: JSON.stringify(USERS),
});
const OIDC: GatewayOverrides = {
  AUTH_MODE: 'oidc',
  AUTH_DEV_PUBLIC_KEY: undefined,
  AUTH_ISSUER: 'https://sso.example.gov.cn/realms/cso',
  AUTH_AUDIENCE: 'cso-federation',
  AUTH_JWKS_URL: 'https://sso.example.gov.cn/realms/cso/protocol/openid-connect/certs',
};

afterAll(() => Promise.all(running.map((g) => g.stop())));

describe('development identity', () => {
  let origin: string;
  beforeAll(async () => {
    origin = await start(devSignIn());
  });

  it('serves the IDE to a browser on the GraphQL endpoint, the dashboard on its own path, each with the policy', async () => {
    for (const path of ['/graphql', '/dashboard', '/dashboard/street/abc']) {
      const res = await fetch(`${origin}${path}`, { headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self'; .*connect-src 'self';/);
      expect(await res.text()).toContain('/workbench/assets/');
    }
    // A GraphQL client on the same address still gets GraphQL.
    const graphql = await fetch(`${origin}/graphql?query=${encodeURIComponent('{__typename}')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': '1' },
    });
    expect(await graphql.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves the built assets from its own files, cached for good; a missing one is a 404', async () => {
    const dist = join(dirname(createRequire(import.meta.url).resolve('@cso/workbench/package.json')), 'dist', 'assets');
    const script = readdirSync(dist).find((f) => f.endsWith('.js'))!;
    const res = await fetch(`${origin}/workbench/assets/${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${origin}/workbench/assets/nothing.js`)).status).toBe(404);
  });

  it('lists the demo users and signs one in with a short-lived token every service accepts', async () => {
    expect(await (await fetch(`${origin}/workbench/api/settings`)).json()).toEqual({
      identity: 'dev',
      devSignIn: true,
      tokenMinutes: 60,
      oidc: null,
    });
    expect(await (await fetch(`${origin}/workbench/api/dev/users`)).json()).toEqual({
      users: [{ login: 'analyst', name: '吴敏', role: 'ANALYST', scope: '河北区 (analysis)' }],
    });
    const res = await fetch(`${origin}/workbench/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"login":"analyst"}',
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { token, user } = (await res.json()) as { token: string; user: { name: string } };
    expect(user.name).toBe('吴敏');
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'demo:analyst', role: 'ANALYST', districtId: DISTRICT });
    expect(claims.exp! - claims.iat!).toBe(3600);
    // Signed in, the IDE may introspect (the public may not).
    const introspect = (headers: Record<string, string>) =>
      fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"query":"{ __schema { queryType { name } } }"}',
      });
    expect((await introspect({ authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await introspect({})).status).toBe(403);
  });

  it('refuses an unknown login, and anything but JSON (no cross-site form can sign in)', async () => {
    const post = (body: string, type: string) =>
      fetch(`${origin}/workbench/api/dev/token`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post('{"login":"root"}', 'application/json')).status).toBe(404);
    expect((await post('login=analyst', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post('login=analyst', 'text/plain')).status).toBe(415);
  });
});

describe('production identity', () => {
  it('has no development sign-in: its endpoints are 404; OIDC settings for the PKCE flow when configured', async () => {
    const origin = await start({ ...OIDC, WORKBENCH_OIDC_CLIENT_ID: 'cso-workbench' });
    expect((await fetch(`${origin}/workbench/api/dev/users`)).status).toBe(404);
    expect(
      (
        await fetch(`${origin}/workbench/api/dev/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"login":"analyst"}',
        })
      ).status,
    ).toBe(404);
    const settings = await fetch(`${origin}/workbench/api/settings`);
    expect(await settings.json()).toEqual({
      identity: 'oidc',
      devSignIn: false,
      tokenMinutes: null,
      oidc: { issuer: OIDC.AUTH_ISSUER, clientId: 'cso-workbench', scope: 'openid profile', token: 'access_token' },
    });
    // The provider is the one other origin the browser may talk to.
    expect(settings.headers.get('content-security-policy')).toContain("connect-src 'self' https://sso.example.gov.cn;");
  });

  it.each([
    [
      'AUTH_MODE=oidc',
      { ...OIDC, ...devSignIn() },
      'test',
      /AUTH_DEV_PRIVATE_KEY: development sign-in is refused with production identity/,
    ],
    ['NODE_ENV=production', devSignIn(), 'production', /AUTH_DEV_PRIVATE_KEY: development sign-in is refused/],
  ])('refuses to start with a development signing key under %s', async (_name, overrides, nodeEnv, message) => {
    await expect(start(overrides, nodeEnv)).rejects.toThrow(message);
  });
});

describe('configuration', () => {
  it('refuses a private key that is not the pair of the public key, and demo users the roles contract refuses', async () => {
    const other = await generateDevKeyPair();
    await expect(start({ ...devSignIn(), AUTH_DEV_PRIVATE_KEY: JSON.stringify(other.privateJwk) })).rejects.toThrow(
      /not the pair of AUTH_DEV_PUBLIC_KEY/,
    );
    const scopeless = [{ ...USERS[0], claims: { sub: 'demo:x', name: 'x', role: 'ANALYST' } }];
    await expect(start({ ...devSignIn(), DEV_USERS: JSON.stringify(scopeless) })).rejects.toThrow(ConfigError);
    await expect(start({ ...devSignIn(), DEV_USERS: 'not json' })).rejects.toThrow(/DEV_USERS: must be a JSON array/);
    await expect(
      start({ ...OIDC, WORKBENCH_OIDC_CLIENT_ID: 'x', AUTH_MODE: 'dev', AUTH_DEV_PUBLIC_KEY: JSON.stringify(keys.publicJwk) }),
    ).rejects.toThrow(/OIDC sign-in needs AUTH_MODE=oidc/);
  });
});
