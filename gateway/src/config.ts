import { authConfigSchema, envBoolean, parseConfig } from '@cso/platform';
import { z } from 'zod';
import { devUsersJson, workbenchConfigProblems } from './workbench/config.js';

const optionalUrl = z.string().url().optional();

export const gatewayConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** The composed supergraph (default: schema/supergraph.graphql); watched and swapped in on change. */
    SUPERGRAPH_PATH: z.string().optional(),
    /** Watch SUPERGRAPH_PATH and load a new supergraph without a restart. */
    SUPERGRAPH_WATCH: envBoolean.default(true),
    /** Per-subgraph URL overrides; otherwise the URLs written in the supergraph are used. */
    DISTRICT_URL: optionalUrl,
    STREET_URL: optionalUrl,
    COMMUNITY_URL: optionalUrl,
    /** Every subgraph fetch is aborted after this long: its fields answer SERVICE_UNAVAILABLE (reason TIMEOUT). */
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** How often the gateway refreshes its copy of the district's list of revoked tokens. */
    REVOCATION_REFRESH_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
    /** The deadline of a whole request: fetches still running then are aborted and the answer is sent. */
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    /** Requests a signed-in caller (token subject) may send per minute on average, and at once; 0 turns the limit off. */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(60),
    /** The same for the public, per client address. */
    PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(120),
    PUBLIC_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(30),
    /** Largest request body accepted; larger is refused with 413. */
    BODY_LIMIT: z.string().default('100kb'),
    /** The secret sent to each subgraph in x-gateway-secret (required in production). */
    DISTRICT_GATEWAY_SECRET: z.string().min(16).optional(),
    STREET_GATEWAY_SECRET: z.string().min(16).optional(),
    COMMUNITY_GATEWAY_SECRET: z.string().min(16).optional(),
    /** Serve the workbench to browsers: the GraphQL IDE (GET /graphql as HTML) and the dashboard (/dashboard). */
    WORKBENCH: envBoolean.default(true),
    /**
     * Development sign-in in the IDE and dashboard: the development private key (JWK JSON, the pair of
     * AUTH_DEV_PUBLIC_KEY) with which the gateway signs short-lived tokens for the demo users. Refused
     * with production identity (AUTH_MODE=oidc or NODE_ENV=production).
     */
    AUTH_DEV_PRIVATE_KEY: z.string().optional(),
    /** The demo users offered by development sign-in: a JSON array of { login, name, role, scope, claims }. */
    DEV_USERS: devUsersJson.optional(),
    /** Lifetime of a token signed by development sign-in; the browser signs in again before it ends. */
    DEV_TOKEN_MINUTES: z.coerce.number().int().min(5).max(720).default(60),
    /** OIDC sign-in in the browser (authorization code + PKCE, a public client) when AUTH_MODE=oidc: its client id. */
    WORKBENCH_OIDC_CLIENT_ID: z.string().min(1).optional(),
    /** The scopes the browser asks the provider for. */
    WORKBENCH_OIDC_SCOPE: z.string().default('openid profile'),
    /** Which token of the provider's answer the browser sends as its bearer token (its audience must be AUTH_AUDIENCE). */
    WORKBENCH_OIDC_TOKEN: z.enum(['access_token', 'id_token']).default('access_token'),
  })
  .extend(authConfigSchema.shape)
  .superRefine((config, ctx) => {
    for (const [path, message] of workbenchConfigProblems(config)) ctx.addIssue({ code: 'custom', path: [path], message });
  });
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayOverrides = Partial<z.input<typeof gatewayConfigSchema>>;

export function loadGatewayConfig(env: Record<string, string | undefined>, overrides: GatewayOverrides = {}): GatewayConfig {
  return parseConfig('gateway', gatewayConfigSchema, env, overrides);
}
