import { readFile } from 'node:fs/promises';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '@cso/platform';
import type { DevSignIn } from './dev-sign-in.js';
import { NOT_BUILT_PAGE, type WorkbenchFiles } from './files.js';
import { contentSecurityPolicy, securityHeaders } from './security.js';

/** Where the browser finds things; the pages link their assets under `assets` (Vite's `base`). */
export const WORKBENCH_PATHS = {
  ide: '/graphql',
  dashboard: '/dashboard',
  assets: '/workbench/assets',
  api: '/workbench/api',
} as const;

/** What the browser needs to know to sign in: no secret, no user list. */
export interface WorkbenchSettings {
  identity: 'dev' | 'oidc';
  devSignIn: boolean;
  tokenMinutes: number | null;
  oidc: { issuer: string; clientId: string; scope: string; token: 'access_token' | 'id_token' } | null;
}

export interface WorkbenchRoutesOptions {
  files: WorkbenchFiles | null;
  settings: WorkbenchSettings;
  devSignIn: DevSignIn | null;
  log: Logger;
}

/** A page for a browser: a GET that prefers HTML to JSON (a GraphQL client asks for JSON). */
function wantsPage(req: Request): boolean {
  return (
    req.method === 'GET' && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html'
  );
}

function noStore(res: Response): Response {
  return res.setHeader('Cache-Control', 'no-store');
}

/**
 * The workbench's routes: the IDE on the GraphQL endpoint itself (GET /graphql from a browser), the
 * dashboard, their hashed assets, and a small JSON API for signing in. Every response carries the
 * Content-Security-Policy; the development endpoints exist only with development identity.
 */
export function workbenchRoutes({ files, settings, devSignIn, log }: WorkbenchRoutesOptions): Router {
  const router = Router();
  const headers = securityHeaders(contentSecurityPolicy(settings.oidc?.issuer));
  // Read on each request (a page is 1 kB): a rebuilt workbench is served without restarting the gateway.
  const page = (html: keyof Pick<WorkbenchFiles, 'ide' | 'dashboard'>) => (_req: Request, res: Response, next: NextFunction) => {
    if (!files) return void noStore(res).status(503).type('html').send(NOT_BUILT_PAGE);
    readFile(files[html], 'utf8').then((text) => void noStore(res).type('html').send(text), next);
  };

  router.get(WORKBENCH_PATHS.ide, (req, res, next) =>
    wantsPage(req) ? headers(req, res, () => page('ide')(req, res, next)) : next(),
  );
  router.get([WORKBENCH_PATHS.dashboard, `${WORKBENCH_PATHS.dashboard}/*rest`], headers, page('dashboard'));
  if (files) {
    // Hashed file names: cached for good. A missing file is a 404 here, never the GraphQL endpoint's.
    router.use(
      WORKBENCH_PATHS.assets,
      headers,
      express.static(files.assets, { immutable: true, maxAge: '365d', index: false }),
      (_req, res) => {
        res.status(404).type('text').send('Not found');
      },
    );
  }

  const api = Router();
  api.use(headers, (_req, res, next) => {
    noStore(res);
    next();
  });
  api.get('/settings', (_req, res) => {
    res.json(settings);
  });
  if (devSignIn) {
    api.get('/dev/users', (_req, res) => {
      res.json({ users: devSignIn.users });
    });
    api.post('/dev/token', express.json({ limit: '1kb', strict: true }), async (req, res) => {
      // JSON only: a cross-site form cannot post it without a preflight this API never answers.
      if (!req.is('application/json')) return void res.status(415).json({ error: 'UNSUPPORTED_MEDIA_TYPE' });
      const login = typeof req.body?.login === 'string' ? req.body.login : '';
      const signedIn = await devSignIn.signIn(login);
      if (!signedIn) return void res.status(404).json({ error: 'UNKNOWN_USER' });
      // The token goes into this body only: request logs carry no bodies, and never the login's token.
      log.info({ login, role: signedIn.user.role }, 'development sign-in');
      res.json(signedIn);
    });
  }
  api.use((_req, res) => {
    res.status(404).json({ error: 'NOT_FOUND' });
  });
  router.use(WORKBENCH_PATHS.api, api);
  return router;
}
