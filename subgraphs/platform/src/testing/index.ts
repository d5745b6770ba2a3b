import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { currentScope } from '../request-scope.js';
import { dropDatabase, ensureDatabase, withDatabase } from '../database.js';
import { GATEWAY_SECRET_HEADER } from '../auth/secret.js';
import { generateDevKeyPair, signDevToken, type DevKeyPair, type TokenClaims } from '../auth/tokens.js';
import { PLATFORM_ENTITIES } from '../entities.js';
import { createLogger } from '../logger.js';
import { createOrm } from '../orm.js';
import { bootstrapSubgraph, type RunningSubgraph, type SubgraphDefinition, type SubgraphOverrides } from '../server.js';

/**
 * Test support shared by every package's tests. The test run's PostgreSQL server (embedded, or
 * DATABASE_URL) is started once by the jest global set-up (`@cso/platform/testing/global-setup`) and handed over in CSO_TEST_PG_URL;
 * each test file makes its own fresh databases on it.
 */
export function testServerUrl(): string {
  const url = process.env.CSO_TEST_PG_URL;
  if (!url) throw new Error('CSO_TEST_PG_URL is not set: run the tests with `npm test` (jest global set-up starts PostgreSQL)');
  return url;
}

/** A fresh, empty database for one test file; drop it with {@link dropDatabase} when done. */
export async function createTestDatabase(label: string): Promise<string> {
  const name = `t_${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(5).toString('hex')}`;
  const url = withDatabase(testServerUrl(), name);
  await ensureDatabase(url);
  return url;
}

export { dropDatabase };

/**
 * An ORM of the platform's own tables (idempotency keys, outbox…) on a fresh test database, for the
 * platform's tests; `stop` closes it and drops the database.
 */
export async function platformTestOrm(
  label: string,
  options: { poolMax?: number; onQuery?: (sql: string) => void } = {},
): Promise<{ orm: MikroORM; stop: () => Promise<void> }> {
  const url = await createTestDatabase(label);
  const orm = await createOrm({
    clientUrl: url,
    entities: PLATFORM_ENTITIES,
    migrations: [],
    poolMax: options.poolMax ?? 2,
    log: createLogger('test', 'silent'),
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
  });
  await orm.schema.create();
  return {
    orm,
    stop: async () => {
      await orm.close(true);
      await dropDatabase(url);
    },
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Posts one GraphQL operation over HTTP, as a frontend would. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: { data?: T | null; errors?: GraphQLResponse['errors'] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`non-JSON response (${res.status}): ${text.slice(0, 500)}`);
  }
  return { status: res.status, ...body };
}

/** The outbox relay and the event consumers work in the background; their statements are not the request's. */
const BACKGROUND = /\b(outbox|inbox)\b|^\s*(begin|commit|rollback)\b/i;

/**
 * Counts the SQL statements requests send; pass `counter.record` as a service's `onQuery`.
 * `background` names further tables that only background work touches (a consumer's projection).
 */
export class QueryCounter {
  readonly statements: string[] = [];
  constructor(private readonly background: RegExp | null = null) {}
  record = (sql: string): void => {
    if (currentScope()?.background) return;
    if (!BACKGROUND.test(sql) && !this.background?.test(sql)) this.statements.push(sql);
  };
  reset(): void {
    this.statements.length = 0;
  }
  get count(): number {
    return this.statements.length;
  }
}

export interface TestSubgraph {
  url: string;
  /** The development key pair the subgraph trusts; sign tokens with {@link TestSubgraph.token}. */
  keys: DevKeyPair;
  /** The gateway secret this subgraph expects. */
  gatewaySecret: string;
  /** `{ authorization: 'Bearer …' }` for the given claims. */
  token: (claims: TokenClaims) => Promise<Record<string, string>>;
  /** Headers that make a request look like the gateway's (the secret), plus any others. */
  asGateway: (headers?: Record<string, string>) => Record<string, string>;
  running: RunningSubgraph;
  queries: QueryCounter;
  /** Sends an operation straight to this subgraph. */
  query: <T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => Promise<GraphQLResponse<T>>;
  /** Stops the subgraph and drops its database. */
  stop: () => Promise<void>;
}

/** Starts one subgraph on a fresh database of the test server, optionally seeded, on a free port. */
export async function startTestSubgraph(
  definition: SubgraphDefinition,
  options: { seedSize?: number; overrides?: SubgraphOverrides; bus?: boolean; background?: RegExp } = {},
): Promise<TestSubgraph> {
  const databaseUrl = await createTestDatabase(definition.name);
  const queries = new QueryCounter(options.background ?? null);
  const keys = await generateDevKeyPair();
  const gatewaySecret = randomBytes(24).toString('base64url');
  const busUrl = options.bus ? await createTestDatabase(`${definition.name}bus`) : undefined;
  const running = await bootstrapSubgraph(
    definition,
    {},
    {
      PORT: 0,
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      SEED_ON_START: options.seedSize !== undefined,
      SEED_SIZE: options.seedSize ?? 1,
      onQuery: queries.record,
      AUTH_MODE: 'dev',
      AUTH_DEV_PUBLIC_KEY: JSON.stringify(keys.publicJwk),
      GATEWAY_SECRET: gatewaySecret,
      BUS_DATABASE_URL: busUrl,
      ...options.overrides,
    },
  );
  await running.events?.ready();
  return {
    url: running.url,
    running,
    queries,
    keys,
    gatewaySecret,
    token: async (claims) => ({ authorization: `Bearer ${await signDevToken(keys.privateJwk, claims)}` }),
    asGateway: (headers = {}) => ({ [GATEWAY_SECRET_HEADER]: gatewaySecret, ...headers }),
    query: (q, variables, headers) => postGraphQL(running.url, q, variables, headers),
    stop: async () => {
      await running.stop();
      await dropDatabase(databaseUrl);
      if (busUrl) await dropDatabase(busUrl);
    },
  };
}
export { freePort } from './global-setup.js';
