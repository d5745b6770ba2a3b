import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors as joseErrors } from 'jose';
import { parseConfig, subgraphConfigSchema } from '../config.js';
import { ServiceUnavailableError, UnauthenticatedError } from '../errors.js';
import { createLogger } from '../logger.js';
import { statementName } from './database.js';
import { errorCodeLabels, operationLabels, OPERATION } from './labels.js';
import { countingTokenFailures, tokenFailureReason } from './metrics.js';
import { Telemetry } from './telemetry.js';
import { currentTraceCarrier, linksTo } from './tracing.js';

const log = createLogger('svc-obs', 'silent');
const config = (env: Record<string, string>) =>
  parseConfig('svc-obs', subgraphConfigSchema, { PORT: '0', DATABASE_URL: 'postgres://x@h/db', ...env });

async function serve(app: express.Express): Promise<{ base: string; close: () => void }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('metric labels', () => {
  it('keep the first operation names and put later ones, and unnamed operations, in their own buckets', () => {
    const labels = operationLabels(2);
    expect([labels.of('A'), labels.of('B'), labels.of('C'), labels.of('A'), labels.of(null)]).toEqual([
      'A',
      'B',
      OPERATION.other,
      'A',
      OPERATION.anonymous,
    ]);
  });

  it('never take a value shaped unlike a GraphQL name or an error code', () => {
    expect(operationLabels().of('x'.repeat(65))).toBe(OPERATION.other);
    const codes = errorCodeLabels();
    expect([codes.of('FORBIDDEN'), codes.of('forbidden; drop table'), codes.of(undefined), codes.of(42)]).toEqual([
      'FORBIDDEN',
      'OTHER',
      'INTERNAL_SERVER_ERROR',
      'INTERNAL_SERVER_ERROR',
    ]);
  });

  it('name refused tokens by the reason the verifier gave', () => {
    expect(tokenFailureReason(UnauthenticatedError.request(`Invalid token (${new joseErrors.JWTExpired('x', {}).code})`))).toBe(
      'ERR_JWT_EXPIRED',
    );
    expect(tokenFailureReason(UnauthenticatedError.request('This token was revoked; sign in again (TOKEN_REVOKED)'))).toBe(
      'TOKEN_REVOKED',
    );
    expect(tokenFailureReason(UnauthenticatedError.request('Authorization must be "Bearer <token>"'))).toBe('MALFORMED_HEADER');
    expect(tokenFailureReason(new ServiceUnavailableError('down', { http: true }))).toBe('IDP_UNAVAILABLE');
  });

  it('name a statement by its operation and first table, never by its values', () => {
    expect(statementName('select "i".* from "inbox" as "i" where "i"."event_id" = ?')).toBe('SELECT inbox');
    expect(statementName('insert into inbox (event_id) values (?)')).toBe('INSERT inbox');
    expect(statementName('update "outbox" set "claimed_until" = null')).toBe('UPDATE outbox');
    expect(statementName('begin')).toBe('BEGIN');
  });
});

describe('where /metrics is served', () => {
  it('on the service port in development and test, on METRICS_PORT alone when set, never on the public port in production', () => {
    expect(new Telemetry('svc-obs', config({ NODE_ENV: 'test' }), log).exposure).toBe('service-port');
    expect(new Telemetry('svc-obs', config({ NODE_ENV: 'development', METRICS_PORT: '9464' }), log).exposure).toBe('own-port');
    expect(new Telemetry('svc-obs', config({ NODE_ENV: 'production' }), log).exposure).toBe('off');
    expect(new Telemetry('svc-obs', config({ NODE_ENV: 'production', METRICS_PORT: '9464' }), log).exposure).toBe('own-port');
  });

  it('METRICS_PORT: a listener of its own answers /metrics and nothing else; the service port has none', async () => {
    const telemetry = new Telemetry('svc-obs', config({ NODE_ENV: 'test', METRICS_PORT: '0' }), log);
    const app = express();
    telemetry.mountMetrics(app);
    const service = await serve(app);
    const metricsUrl = await telemetry.listen('127.0.0.1');
    try {
      expect(metricsUrl).toMatch(/\/metrics$/);
      const res = await fetch(metricsUrl!);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('process_cpu_user_seconds_total{service="svc-obs"}');
      expect((await fetch(metricsUrl!.replace(/\/metrics$/, '/graphql'))).status).toBe(404);
      expect((await fetch(`${service.base}/metrics`)).status).toBe(404);
    } finally {
      service.close();
      await telemetry.stop();
    }
  });

  it('METRICS_ENABLED=false: no registry, no plugin, no route', async () => {
    const telemetry = new Telemetry('svc-obs', config({ NODE_ENV: 'test', METRICS_ENABLED: 'false' }), log);
    expect(telemetry.metrics).toBeNull();
    expect(telemetry.plugins()).toEqual([]);
    const app = express();
    telemetry.mountMetrics(app);
    const service = await serve(app);
    try {
      expect((await fetch(`${service.base}/metrics`)).status).toBe(404);
    } finally {
      service.close();
    }
  });

  it('counts every refused token, and only those when asked to pick', async () => {
    const telemetry = new Telemetry('svc-obs', config({ NODE_ENV: 'test' }), log);
    const failing = (error: Error) => async () => {
      throw error;
    };
    const rateLimited = Object.assign(new Error('slow down'), { extensions: { code: 'RATE_LIMITED' } });
    await expect(
      countingTokenFailures(telemetry.metrics, failing(UnauthenticatedError.request('x (TOKEN_REVOKED)')))(),
    ).rejects.toThrow();
    await expect(
      countingTokenFailures(
        telemetry.metrics,
        failing(rateLimited),
        (e) => (e as typeof rateLimited).extensions.code !== 'RATE_LIMITED',
      )(),
    ).rejects.toThrow();
    const text = await telemetry.metrics!.render();
    expect(text).toContain('cso_auth_token_failures_total{reason="TOKEN_REVOKED",service="svc-obs"} 1');
    expect(text).not.toContain('reason="INVALID"');
  });
});

describe('tracing off', () => {
  it('makes no tracer, no request handler and no trace context for events', () => {
    const telemetry = new Telemetry('svc-obs', config({ NODE_ENV: 'test' }), log);
    expect(telemetry.tracing).toBeNull();
    expect(telemetry.requestHandlers()).toEqual([]);
    expect(currentTraceCarrier()).toBeNull();
    expect(linksTo(null)).toEqual([]);
    expect(linksTo({ traceparent: 'garbage' })).toEqual([]);
  });
});
