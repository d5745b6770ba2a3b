import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Answer {
  status: number;
  body: string;
}

/** A keep-alive HTTP client for one endpoint, with as many connections as requests in flight. */
export class Client {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(url: string, connections = 64) {
    this.url = new URL(url);
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  /**
   * Posts once, and once more when a kept-alive connection turned out closed as the request went out (the
   * server closes a connection idle for 5 s, which the other side's rounds can leave this one; the
   * close can cross the next request: ECONNRESET on a reused socket, which Node documents as safe to retry).
   */
  async post(body: string, headers: Record<string, string>): Promise<Answer> {
    try {
      return await this.postOnce(body, headers);
    } catch (error) {
      if ((error as { reusedSocket?: boolean }).reusedSocket && (error as { code?: string }).code === 'ECONNRESET')
        return this.postOnce(body, headers);
      throw error;
    }
  }

  private postOnce(body: string, headers: Record<string, string>): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error('no answer in 60 s')));
      req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The `data` of a GraphQL answer; throws with the status and first errors when it is not a clean one. */
export function dataOf(answer: Answer, what: string): unknown {
  let parsed: { data?: unknown; errors?: unknown[] };
  try {
    parsed = JSON.parse(answer.body) as typeof parsed;
  } catch {
    throw new Error(`${what}: HTTP ${answer.status}, not JSON: ${answer.body.slice(0, 300)}`);
  }
  if (answer.status !== 200 || parsed.errors?.length || parsed.data == null)
    throw new Error(`${what}: HTTP ${answer.status}: ${JSON.stringify(parsed.errors ?? parsed).slice(0, 600)}`);
  return parsed.data;
}

export interface Run {
  requests: number;
  seconds: number;
  /** Latencies in ms, sorted. */
  latencies: number[];
}

/**
 * A closed loop: `concurrency` callers each send the next request as soon as their last one answered,
 * until `requests` were sent and at least `minSeconds` went by; every answer is checked (HTTP 200, data,
 * no errors).
 */
export async function closedLoop(
  client: Client,
  body: string,
  headers: Record<string, string>,
  requests: number,
  concurrency: number,
  what: string,
  minSeconds = 0,
): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const until = started + minSeconds * 1000;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, Math.max(requests, 1)) }, async () => {
      while (next < requests || performance.now() < until) {
        next++;
        const t0 = performance.now();
        const answer = await client.post(body, headers);
        latencies.push(performance.now() - t0);
        dataOf(answer, what);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { requests: next, seconds, latencies: latencies.sort((a, b) => a - b) };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** JSON with object keys sorted: two gateways' answers compare equal whatever order they wrote fields in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
