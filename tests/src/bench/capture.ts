import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a gateway sent a subgraph: enough to send it again directly. */
export interface SubgraphFetch {
  subgraph: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Entity representations it carried (0 for a root fetch). */
  representations: number;
}

/** The headers a subgraph needs to answer a fetch as it answered the gateway's. */
const KEPT = ['content-type', 'authorization', 'x-gateway-secret'];

function kept(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(KEPT.filter((h) => typeof headers[h] === 'string').map((h) => [h, headers[h] as string]));
}

/**
 * A pass-through proxy in front of each subgraph that notes every request a gateway sends through
 * it while `recording`: what the plan of a query fetches, and how many representations each entity
 * fetch carries. Used only by gateways started for that purpose, never by the ones measured.
 */
export class FetchRecorder {
  private servers: Server[] = [];
  private fetches: SubgraphFetch[] | null = null;
  /** The proxies' URLs, by subgraph name. */
  readonly urls: Record<string, string> = {};

  async start(targets: Record<string, string>): Promise<this> {
    for (const [subgraph, target] of Object.entries(targets)) {
      const upstream = new URL(target);
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          if (this.fetches && req.method === 'POST') {
            const text = body.toString();
            let representations = 0;
            try {
              const parsed = JSON.parse(text) as { variables?: { representations?: unknown[] } };
              representations = parsed.variables?.representations?.length ?? 0;
            } catch {
              // not JSON: recorded as it is
            }
            this.fetches.push({ subgraph, url: target, headers: kept(req.headers), body: text, representations });
          }
          const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
          const forward = request(upstream, { method: req.method, headers }, (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          });
          forward.on('error', () => res.writeHead(502).end());
          forward.end(body);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.servers.push(server);
      this.urls[subgraph] = `http://127.0.0.1:${(server.address() as AddressInfo).port}${upstream.pathname}`;
    }
    return this;
  }

  /** Notes the fetches made while `work` runs. */
  async record(work: () => Promise<void>): Promise<SubgraphFetch[]> {
    this.fetches = [];
    try {
      await work();
      return this.fetches;
    } finally {
      this.fetches = null;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.servers.map((s) => {
        s.closeAllConnections();
        return new Promise((resolve) => s.close(resolve));
      }),
    );
  }
}
