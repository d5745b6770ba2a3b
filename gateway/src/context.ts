import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, ErrorCode, PUBLIC_CALLER, requestIdOf, type Caller, type Logger, type TokenVerifier } from '@cso/platform';
import { GraphQLError } from 'graphql';
import type { RateLimiter } from './rate-limit.js';

export interface GatewayContext {
  requestId: string;
  log: Logger;
  caller: Caller;
  /** The verified bearer token, forwarded to the subgraphs (which verify it again). */
  authorization?: string;
  /** Aborted when the client goes away or the request's deadline passes: every subgraph fetch stops. */
  signal: AbortSignal;
  /** The client's headers that travel on to the subgraphs (idempotency key, correlation id, client name). */
  forwardedHeaders: Record<string, string>;
}

const FORWARDED = ['idempotency-key', 'apollographql-client-name', 'apollographql-client-version'];

export interface ContextOptions {
  log: Logger;
  verifyToken: TokenVerifier;
  limiter: RateLimiter;
  requestTimeoutMs: number;
}

/**
 * The context of one request at the gateway: who calls (the token verified once), the caller's rate
 * limit (429 with Retry-After when spent), and a deadline that aborts every subgraph fetch when the
 * request has run too long or the client has gone.
 */
export async function gatewayContext(
  req: IncomingMessage,
  res: ServerResponse,
  options: ContextOptions,
): Promise<GatewayContext> {
  const requestId = requestIdOf(req);
  const log = options.log.child({ requestId });
  const token = bearerToken(req.headers.authorization);
  const caller: Caller = token ? await options.verifyToken(token) : PUBLIC_CALLER;
  const key = caller.kind === 'user' ? `sub:${caller.sub}` : `ip:${req.socket.remoteAddress ?? 'unknown'}`;
  const retryAfter = options.limiter.take(key, caller.kind);
  if (retryAfter !== null) {
    log.info({ caller: key, retryAfter }, 'rate limited');
    throw new GraphQLError(`Too many requests; retry after ${retryAfter} s`, {
      extensions: {
        code: ErrorCode.RateLimited,
        retryAfterSeconds: retryAfter,
        http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
      },
    });
  }
  // One controller per request, aborted by the deadline or by the client going away; the deadline's timer is
  // cleared with the response (a timer left to fire on every request long after its answer costs CPU).
  const gone = new AbortController();
  const deadline = setTimeout(
    () => gone.abort(new DOMException('the request deadline passed', 'TimeoutError')),
    options.requestTimeoutMs,
  );
  deadline.unref();
  res.once('close', () => {
    clearTimeout(deadline);
    if (!res.writableFinished) gone.abort(new Error('client closed the connection'));
  });
  const forwardedHeaders: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = req.headers[name];
    if (typeof value === 'string' && value.length <= 200) forwardedHeaders[name] = value;
  }
  const correlation = res.getHeader('x-correlation-id');
  if (correlation) forwardedHeaders['x-correlation-id'] = String(correlation);
  return {
    requestId,
    log,
    caller,
    authorization: token ? `Bearer ${token}` : undefined,
    signal: gone.signal,
    forwardedHeaders,
  };
}
