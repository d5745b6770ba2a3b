import type { z } from 'zod';
import type { observabilityConfigSchema } from '../config.js';

export type ObservabilityConfig = z.infer<typeof observabilityConfigSchema>;

/** Where `/metrics` is served: on its own port, on the service's port (development and test only), or nowhere. */
export type MetricsExposure = 'own-port' | 'service-port' | 'off';

export function metricsExposure(config: ObservabilityConfig & { NODE_ENV: string }): MetricsExposure {
  if (!config.METRICS_ENABLED) return 'off';
  if (config.METRICS_PORT !== undefined) return 'own-port';
  // In production the public port never answers /metrics: it would go out through the ingress.
  return config.NODE_ENV === 'production' ? 'off' : 'service-port';
}
