/** A failed request of a load run: its HTTP status and the first GraphQL error, if any. */
export interface LoadFailure {
  at: number;
  target: string;
  status: number;
  error: string;
}

export interface LoadResult {
  sent: number;
  ok: number;
  failures: LoadFailure[];
  /** Requests not sent because `concurrency` were already in flight. */
  skipped: number;
  durationMs: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface LoadOptions {
  /** The gateways to send to, in turn. */
  targets: string[];
  query: string;
  headers: Record<string, string>;
  requestsPerSecond: number;
  durationMs: number;
  /** At most this many requests in flight; a tick finding them all busy skips (and counts it). */
  concurrency: number;
  /** Each request's own deadline. */
  timeoutMs?: number;
}

/**
 * A steady, bounded load: one request every 1/rate seconds for `durationMs`, at most `concurrency`
 * in flight, each counted as failed on any HTTP error or any GraphQL error in its body. It stops by
 * itself; `done` resolves with the counts once the last request has answered.
 */
export function steadyLoad(options: LoadOptions): {
  done: Promise<LoadResult>;
  progress: () => { sent: number; failures: number };
} {
  const started = performance.now();
  const latencies: number[] = [];
  const failures: LoadFailure[] = [];
  let sent = 0;
  let ok = 0;
  let skipped = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();

  const one = async (target: string) => {
    const t0 = performance.now();
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify({ query: options.query }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
      });
      const body = (await res.json().catch(() => ({ errors: [{ message: 'not JSON' }] }))) as { errors?: { message: string }[] };
      if (res.status !== 200 || body.errors?.length)
        failures.push({ at: Math.round(t0 - started), target, status: res.status, error: body.errors?.[0]?.message ?? '' });
      else ok += 1;
    } catch (error) {
      failures.push({ at: Math.round(t0 - started), target, status: 0, error: String(error) });
    } finally {
      latencies.push(performance.now() - t0);
    }
  };

  const done = new Promise<LoadResult>((resolve) => {
    const interval = 1000 / options.requestsPerSecond;
    let tick = 0;
    const timer = setInterval(
      () => {
        if (performance.now() - started >= options.durationMs) {
          clearInterval(timer);
          void Promise.all(pending).then(() => {
            const durationMs = performance.now() - started;
            const sorted = [...latencies].sort((a, b) => a - b);
            const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
            resolve({
              sent,
              ok,
              failures,
              skipped,
              durationMs: Math.round(durationMs),
              requestsPerSecond: Math.round((sent / durationMs) * 10_000) / 10,
              p50Ms: at(0.5),
              p95Ms: at(0.95),
              maxMs: Math.round(sorted.at(-1) ?? 0),
            });
          });
          return;
        }
        // Catch up on ticks a busy event loop delayed, never more than the concurrency allows.
        const due = Math.floor((performance.now() - started) / interval) + 1;
        for (; tick < due; tick++) {
          if (inFlight >= options.concurrency) {
            skipped += 1;
            continue;
          }
          const target = options.targets[sent % options.targets.length]!;
          sent += 1;
          inFlight += 1;
          const p: Promise<void> = one(target).finally(() => {
            inFlight -= 1;
            pending.delete(p);
          });
          pending.add(p);
        }
      },
      Math.max(5, Math.floor(interval / 2)),
    );
  });
  return { done, progress: () => ({ sent, failures: failures.length }) };
}
