import type { Logger } from '@cso/platform';
import type { Express } from 'express';
import type { GatewayConfig } from '../config.js';
import { createDevSignIn } from './dev-sign-in.js';
import { workbenchFiles } from './files.js';
import { workbenchRoutes, type WorkbenchSettings } from './routes.js';

export { WORKBENCH_PATHS } from './routes.js';

/**
 * Serves the analysts' workbench from the gateway's own files (@cso/workbench): the GraphQL IDE to
 * browsers on GET /graphql, the figures dashboard on /dashboard, and the sign-in API. Mounted before
 * the GraphQL endpoint so that a browser's GET gets the IDE rather than Apollo's landing page (which
 * is loaded from Apollo's CDN). Development sign-in only with development identity and its key.
 */
export function mountWorkbench(app: Express, config: GatewayConfig, log: Logger): void {
  if (!config.WORKBENCH) return;
  const files = workbenchFiles();
  if (!files) log.error('the workbench is not built (@cso/workbench has no dist): the IDE and the dashboard answer 503');
  const development = config.AUTH_MODE === 'dev' && config.NODE_ENV !== 'production';
  const devSignIn =
    development && config.AUTH_DEV_PRIVATE_KEY && config.DEV_USERS
      ? createDevSignIn(config.AUTH_DEV_PRIVATE_KEY, config.DEV_USERS, config.DEV_TOKEN_MINUTES)
      : null;
  const settings: WorkbenchSettings = {
    identity: config.AUTH_MODE,
    devSignIn: devSignIn !== null,
    tokenMinutes: devSignIn ? config.DEV_TOKEN_MINUTES : null,
    oidc:
      config.AUTH_MODE === 'oidc' && config.WORKBENCH_OIDC_CLIENT_ID && config.AUTH_ISSUER
        ? {
            issuer: config.AUTH_ISSUER,
            clientId: config.WORKBENCH_OIDC_CLIENT_ID,
            scope: config.WORKBENCH_OIDC_SCOPE,
            token: config.WORKBENCH_OIDC_TOKEN,
          }
        : null,
  };
  app.use(workbenchRoutes({ files, settings, devSignIn, log }));
}
