import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { metricsExposure, type MetricsExposure, type ObservabilityConfig } from './config.js';
import { observabilityPlugin } from './graphql-plugin.js';
import { listenForMetrics, metricsRoute, ServiceMetrics, type MetricsListener } from './metrics.js';
import { createTracing, serverSpans, type Tracing } from './tracing.js';

/**
 * A service's metrics and tracing, made from its configuration: either may be off (null), and what
 * is off costs nothing (no registry, no plugin work, no span). The gateway and every subgraph make one.
 */
export class Telemetry {
  readonly metrics: ServiceMetrics | null;
  readonly tracing: Tracing | null;
  readonly exposure: MetricsExposure;
  private listener: MetricsListener | null = null;

  constructor(
    readonly service: string,
    private readonly config: ObservabilityConfig & { NODE_ENV: string },
    private readonly log: Logger,
    options: { globalTracer?: boolean } = {},
  ) {
    this.exposure = metricsExposure(config);
    this.metrics = this.exposure === 'off' ? null : new ServiceMetrics(service, log);
    this.tracing = createTracing(config, service, { global: options.globalTracer });
    if (config.METRICS_ENABLED && this.exposure === 'off')
      log.warn('metrics are not served: set METRICS_PORT (in production /metrics is never on the public port)');
  }

  /** `/metrics` on the service's own app, when that is where it is served (development and test without METRICS_PORT). */
  mountMetrics(app: Express): void {
    if (this.metrics && this.exposure === 'service-port') app.get('/metrics', metricsRoute(this.metrics));
  }

  /** Starts the metrics listener when METRICS_PORT is set; its URL, or null. */
  async listen(host: string): Promise<string | null> {
    if (!this.metrics || this.exposure !== 'own-port') return null;
    this.listener = await listenForMetrics(this.metrics, this.config.METRICS_PORT!, host);
    this.log.info({ url: this.listener.url }, 'metrics served');
    return this.listener.url;
  }

  /** What runs before the GraphQL handler: the server span, when tracing. */
  requestHandlers(): RequestHandler[] {
    return this.tracing ? [serverSpans(this.tracing)] : [];
  }

  plugins<T extends BaseContext>(): ApolloServerPlugin<T>[] {
    return this.metrics || this.tracing ? [observabilityPlugin<T>(this.metrics, Boolean(this.tracing))] : [];
  }

  /** Sends the spans finished so far (tests wait for them). */
  async flush(): Promise<void> {
    await this.tracing?.flush();
  }

  async stop(): Promise<void> {
    await this.listener?.close();
    await this.tracing
      ?.shutdown()
      .catch((error: unknown) => this.log.warn({ err: error }, 'tracing: the last spans were not sent'));
  }
}
