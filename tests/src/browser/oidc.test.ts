import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootstrapGateway, type RunningGateway } from '@cso/gateway';
import { generateDevKeyPair, signDevToken } from '@cso/platform';
import { openIntranetBrowser, type IntranetBrowser } from './intranet.js';
import { workbench } from './workbench-pages.js';

/**
 * Production identity in the browser: the gateway in OIDC mode offers no demo users; the IDE signs
 * in with the provider by authorization code + PKCE. The provider here is a small one on this
 * machine that signs the analyst in without asking (its keys made for the test).
 */
const DISTRICT = '11111111-1111-5111-8111-111111111111';
let provider: Server;
let issuer: string;
let gateway: RunningGateway;
let browser: IntranetBrowser;
const codes = new Map<string, { challenge: string; redirectUri: string }>();
const tokenRequests: Record<string, string>[] = [];

async function startProvider(): Promise<void> {
  const keys = await generateDevKeyPair();
  provider = createServer((req, res) => {
    const url = new URL(req.url!, issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'access-control-allow-origin': '*',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': '*',
        'access-control-allow-methods': 'GET, POST',
      });
      return void res.end();
    }
    if (url.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      });
    if (url.pathname === '/jwks') return json(200, { keys: [keys.publicJwk] });
    if (url.pathname === '/authorize') {
      // The user signs in at the provider (here: at once) and is sent back with a code.
      const code = randomBytes(16).toString('base64url');
      const redirectUri = url.searchParams.get('redirect_uri')!;
      codes.set(code, { challenge: url.searchParams.get('code_challenge')!, redirectUri });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state')!);
      res.writeHead(302, { location: back.href });
      return void res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(body));
        tokenRequests.push(form);
        const issued = codes.get(form.code ?? '');
        const verified =
          issued &&
          createHash('sha256')
            .update(form.code_verifier ?? '')
            .digest('base64url') === issued.challenge;
        if (!verified || form.redirect_uri !== issued.redirectUri || form.client_id !== 'cso-workbench')
          return json(400, { error: 'invalid_grant' });
        codes.delete(form.code!);
        void signDevToken(
          keys.privateJwk,
          { sub: 'sso:wumin', name: '吴敏', role: 'ANALYST', districtId: DISTRICT },
          { issuer, audience: 'cso-federation', expiresIn: '15m' },
        ).then((token) => json(200, { access_token: token, token_type: 'Bearer', expires_in: 900 }));
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  await startProvider();
  gateway = await bootstrapGateway(
    {
      PORT: 0,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SUPERGRAPH_WATCH: false,
      AUTH_MODE: 'oidc',
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: 'cso-federation',
      AUTH_JWKS_URL: `${issuer}/jwks`,
      WORKBENCH_OIDC_CLIENT_ID: 'cso-workbench',
    },
    { NODE_ENV: 'test' },
  );
  browser = await openIntranetBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await new Promise((resolve) => provider?.close(resolve));
});

it('signs in with the OIDC provider (code + PKCE), shows who is signed in, and keeps the token out of every address', async () => {
  const origin = new URL(gateway.url).origin;
  const { page } = browser;
  await workbench.openIde(page, origin);
  await page.getByTestId('open-sign-in').click();
  // Production identity: no demo users, only the provider (and a pasted token).
  await page.getByTestId('oidc-sign-in').waitFor();
  expect(await page.getByTestId('demo-users').count()).toBe(0);
  await page.getByTestId('oidc-sign-in').click();
  await page.getByTestId('signed-in-user').locator('strong').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('signed-in-user').textContent()).toContain('吴敏');
  // The code and state are taken out of the address bar once used.
  expect(new URL(page.url()).search).toBe('');
  expect(tokenRequests).toEqual([
    expect.objectContaining({ grant_type: 'authorization_code', client_id: 'cso-workbench', code_verifier: expect.any(String) }),
  ]);
  // The provider's token opens the documentation (introspection is for signed-in users).
  await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
  await page.locator('.graphiql-doc-explorer').getByRole('link', { name: 'Query' }).first().waitFor({ timeout: 15_000 });

  expect(browser.foreign()).toEqual([]);
  expect(browser.requests.some((u) => u.startsWith(`${issuer}/authorize?`) && u.includes('code_challenge_method=S256'))).toBe(
    true,
  );
  expect(browser.requests.filter((u) => /eyJ[\w-]+\.[\w-]+/.test(u) || /access_token/.test(u))).toEqual([]);
  expect(browser.consoleErrors.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([]);
}, 120_000);
