import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SubgraphFetch } from './capture.js';
import { Client } from './client.js';

/**
 * The floor under a gateway's overhead one request at a time: a Node process of its own that answers a
 * request by sending a recorded plan's fetches to the subgraphs, one after another, and returning the
 * last answer as it came. It does what no gateway can skip (an HTTP hop in Node and the plan's fetches)
 * and nothing else: no parsing, validation, planning, merging or shaping of the result. Its p50 against
 * the p50 of the same fetches sent directly says what the extra hop alone costs on this machine.
 */

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

/** The server itself (run as `node floor.js`): prints its port, then serves until stdin closes. */
function serve(): void {
  const plans = new Map<string, SubgraphFetch[]>();
  const clients = new Map<string, Client>();
  const clientOf = (url: string) => {
    let client = clients.get(url);
    if (!client) clients.set(url, (client = new Client(url, 4)));
    return client;
  };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      const [, verb, id] = (req.url ?? '').split('/');
      if (verb === 'plans' && id) {
        plans.set(id, JSON.parse(body) as SubgraphFetch[]);
        res.writeHead(204).end();
        return;
      }
      const plan = verb === 'run' && id ? plans.get(id) : undefined;
      if (!plan?.length) {
        res.writeHead(404).end();
        return;
      }
      let answer = { status: 502, body: '' };
      for (const fetch of plan) answer = await clientOf(fetch.url).post(fetch.body, fetch.headers);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    })().catch(() => res.writeHead(500).end());
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`));
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}

export interface Floor {
  /** Registers a plan's fetches; `client(id)` then posts to it. */
  register(id: string, fetches: SubgraphFetch[]): Promise<void>;
  client(id: string): Client;
  stop(): Promise<void>;
}

/** Starts the floor as a process of its own. */
export async function startFloor(): Promise<Floor> {
  const child: ChildProcess = spawn(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(Number(/^PORT (\d+)$/.exec(line)?.[1] ?? NaN)));
    child.once('exit', (code) => reject(new Error(`the floor process exited (${code})`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    async register(id, fetches) {
      const client = new Client(`${base}/plans/${id}`, 1);
      const answer = await client.post(JSON.stringify(fetches), {});
      client.close();
      if (answer.status !== 204) throw new Error(`the floor refused plan ${id}: HTTP ${answer.status}`);
    },
    client: (id) => new Client(`${base}/run/${id}`, 1),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      await exited;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) serve();
