import { context, trace } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(service: string, level: string): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: { paths: ['req.headers.authorization', 'req.headers["x-gateway-secret"]'], remove: true },
    // A line written while a traced request (or event) is served names its trace: from a log line to the trace.
    mixin: () => {
      const traceId = trace.getSpanContext(context.active())?.traceId;
      return traceId ? { traceId } : {};
    },
  });
}
