import { authConfigSchema, envBoolean, observabilityConfigSchema, parseConfig } from '@cso/platform';
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
    /**
     * Where the supergraph comes from: `file` (SUPERGRAPH_PATH, watched) or `registry` (the latest launch
     * of the schema registry at REGISTRY_URL, polled; the committed supergraph while none can be loaded).
     * Default: `registry` when REGISTRY_URL is set.
     */
    SUPERGRAPH_SOURCE: z.enum(['file', 'registry']).optional(),
    /** The schema registry (e.g. http://registry:4010): launches, operations in use, trusted documents. */
    REGISTRY_URL: optionalUrl,
    /** The registry's read token (its REGISTRY_READ_TOKEN); required in production with REGISTRY_URL. */
    REGISTRY_READ_TOKEN: z.string().min(16).optional(),
    /** How often the gateway asks the registry for a newer launch (and the trusted documents). */
    REGISTRY_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
    /** One registry request may take this long (the first one delays the start by at most this). */
    REGISTRY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
    /** Record the operations executed (per document and client) and report them to the registry. Default: on with REGISTRY_URL. */
    OPERATIONS_RECORDING: envBoolean.optional(),
    /** How often recorded operations are sent to the registry (in the background). */
    OPERATIONS_FLUSH_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
    /**
     * Trusted documents: `enforce` runs only registered documents for a client that registered a manifest
     * (by its apollographql-client-name), `audit` logs what enforce would refuse, `off` ignores them.
     */
    TRUSTED_DOCUMENTS: z.enum(['off', 'audit', 'enforce']).default('off'),
    /** Roles that may send any document under `enforce` (comma-separated): analysts exploring in the IDE. */
    TRUSTED_DOCUMENTS_EXEMPT_ROLES: z.string().default('ANALYST'),
    /** Per-subgraph URL overrides; otherwise the URLs written in the supergraph are used. */
    DISTRICT_URL: optionalUrl,
    STREET_URL: optionalUrl,
    COMMUNITY_URL: optionalUrl,
    /** Every subgraph fetch is aborted after this long: its fields answer SERVICE_UNAVAILABLE (reason TIMEOUT). */
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /**
     * Sibling queries of one request to the same subgraph (a parallel step of the plan) are merged into one
     * request, each under aliases of its own; off sends every fetch of the plan as a request of its own.
     */
    SUBGRAPH_FETCH_BATCHING: envBoolean.default(true),
    /**
     * How the answer is shaped from the fetches' results: `compiled` (result-shaping.ts, the same answers
     * five times faster) or `apollo` (@apollo/gateway's own). For the whole process: the first gateway started decides.
     */
    RESULT_SHAPING: z.enum(['compiled', 'apollo']).default('compiled'),
    /** How often the gateway reloads its copy of the district's list of revoked tokens (each reload is a request). */
    REVOCATION_REFRESH_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
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
  .extend(observabilityConfigSchema.shape)
  .superRefine((config, ctx) => {
    for (const [path, message] of workbenchConfigProblems(config)) ctx.addIssue({ code: 'custom', path: [path], message });
    for (const [path, message] of registryConfigProblems(config)) ctx.addIssue({ code: 'custom', path: [path], message });
  });

/** The registry settings that go together: a source, recording or trusted documents need REGISTRY_URL. */
function registryConfigProblems(config: {
  NODE_ENV: string;
  SUPERGRAPH_SOURCE?: string;
  REGISTRY_URL?: string;
  REGISTRY_READ_TOKEN?: string;
  OPERATIONS_RECORDING?: boolean;
  TRUSTED_DOCUMENTS: string;
}): [string, string][] {
  const problems: [string, string][] = [];
  if (!config.REGISTRY_URL) {
    if (config.SUPERGRAPH_SOURCE === 'registry') problems.push(['REGISTRY_URL', 'required with SUPERGRAPH_SOURCE=registry']);
    if (config.OPERATIONS_RECORDING) problems.push(['REGISTRY_URL', 'required with OPERATIONS_RECORDING=true']);
    if (config.TRUSTED_DOCUMENTS !== 'off')
      problems.push(['REGISTRY_URL', `required with TRUSTED_DOCUMENTS=${config.TRUSTED_DOCUMENTS}`]);
  } else if (config.NODE_ENV === 'production' && !config.REGISTRY_READ_TOKEN)
    problems.push(['REGISTRY_READ_TOKEN', 'required in production with REGISTRY_URL']);
  return problems;
}
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayOverrides = Partial<z.input<typeof gatewayConfigSchema>>;

export function loadGatewayConfig(env: Record<string, string | undefined>, overrides: GatewayOverrides = {}): GatewayConfig {
  return parseConfig('gateway', gatewayConfigSchema, env, overrides);
}
