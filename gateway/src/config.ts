import { authConfigSchema, envBoolean, parseConfig } from '@cso/platform';
import { z } from 'zod';

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
    /** Every subgraph fetch is aborted after this long. */
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Largest request body accepted; larger is refused with 413. */
    BODY_LIMIT: z.string().default('100kb'),
    /** The secret sent to each subgraph in x-gateway-secret (required in production). */
    DISTRICT_GATEWAY_SECRET: z.string().min(16).optional(),
    STREET_GATEWAY_SECRET: z.string().min(16).optional(),
    COMMUNITY_GATEWAY_SECRET: z.string().min(16).optional(),
  })
  .extend(authConfigSchema.shape);
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayOverrides = Partial<z.input<typeof gatewayConfigSchema>>;

export function loadGatewayConfig(env: Record<string, string | undefined>, overrides: GatewayOverrides = {}): GatewayConfig {
  return parseConfig('gateway', gatewayConfigSchema, env, overrides);
}
