import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { bootstrapGateway, OperationRecorder } from '@cso/gateway';
import { createLogger, generateDevKeyPair } from '@cso/platform';

/**
 * `node tests/dist/bench/recording.js [--requests N --concurrency C --rounds R]`: what recording the
 * operations costs the gateway. The same gateway setup with OPERATIONS_RECORDING off and on (a
 * stand-in registry takes the reports), alternating rounds, each sending N requests C at a time of
 * an operation the gateway answers itself (`{ __typename }`: the whole request pipeline, no subgraph),
 * so that the recorder's share is as large as it can be. Prints requests/s per round and the medians.
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const requests = Number(args.get('requests') ?? 5000);
const concurrency = Number(args.get('concurrency') ?? 16);
const rounds = Number(args.get('rounds') ?? 5);

async function main() {
  let reported = 0;
  const registry = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/operations')
        reported += (JSON.parse(body) as { operations: { count: number }[] }).operations.reduce((n, o) => n + o.count, 0);
      res.writeHead(req.url === '/operations' ? 202 : 404, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  const registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;

  const keys = await generateDevKeyPair();
  const start = (recording: boolean) =>
    bootstrapGateway(
      {
        PORT: 0,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        // No district here to fetch revocations from: do not ask every two seconds.
        REVOCATION_REFRESH_MS: 600_000,
        SUPERGRAPH_SOURCE: 'file',
        SUPERGRAPH_WATCH: false,
        REGISTRY_URL: registryUrl,
        OPERATIONS_RECORDING: recording,
        OPERATIONS_FLUSH_MS: 1000,
        RATE_LIMIT_PER_MINUTE: 0,
        PUBLIC_RATE_LIMIT_PER_MINUTE: 0,
        AUTH_MODE: 'dev',
        AUTH_DEV_PUBLIC_KEY: JSON.stringify(keys.publicJwk),
      },
      { NODE_ENV: 'test' },
    );

  const run = async (url: string): Promise<number> => {
    let next = 0;
    const worker = async (w: number) => {
      for (;;) {
        const i = next++;
        if (i >= requests) return;
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'apollographql-client-name': `bench-client-${(i + w) % 20}`,
            'apollographql-client-version': `1.${i % 5}.0`,
          },
          body: JSON.stringify({ query: `query Bench${i % 50} { __typename }` }),
        });
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
        await res.arrayBuffer();
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
    return requests / ((performance.now() - t0) / 1000);
  };

  const results: Record<'off' | 'on', number[]> = { off: [], on: [] };
  for (let round = 0; round < rounds; round++) {
    for (const mode of ['off', 'on'] as const) {
      const gateway = await start(mode === 'on');
      await run(gateway.url).catch(() => 0); // warm-up round: JIT, plans, connections
      results[mode].push(await run(gateway.url));
      await gateway.stop();
    }
  }
  // The request path alone: what the plugin does per request (one Map update), timed without the network's noise.
  const recorder = new OperationRecorder({
    client: { reportOperations: async () => undefined } as unknown as ConstructorParameters<
      typeof OperationRecorder
    >[0]['client'],
    flushMs: 60_000,
    log: createLogger('bench', 'silent'),
  });
  const hashes = Array.from({ length: 50 }, (_, i) => i.toString(16).padStart(64, '0'));
  const names = Array.from({ length: 50 }, (_, i) => `Bench${i}`);
  const clients = Array.from({ length: 20 }, (_, i) => `bench-client-${i}`);
  const versions = Array.from({ length: 5 }, (_, i) => `1.${i}.0`);
  const calls = 2_000_000;
  let t0 = performance.now();
  for (let i = 0; i < calls; i++)
    recorder.record(hashes[i % 50]!, '{ __typename }', names[i % 50]!, 'query', clients[i % 20]!, versions[i % 5]!);
  const recordNs = ((performance.now() - t0) * 1e6) / calls;
  t0 = performance.now();
  await recorder.flush();
  const flushMs = performance.now() - t0;
  registry.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const off = median(results.off);
  const on = median(results.on);
  process.stdout.write(
    `| recording | requests/s per round | median |\n|---|---|---:|\n` +
      `| off | ${results.off.map((r) => r.toFixed(0)).join(', ')} | ${off.toFixed(0)} |\n` +
      `| on | ${results.on.map((r) => r.toFixed(0)).join(', ')} | ${on.toFixed(0)} |\n\n` +
      `overhead: ${(((off - on) / off) * 100).toFixed(1)} % of requests/s (${((1e6 / on - 1e6 / off) / 1).toFixed(1)} µs per request); ` +
      `${reported} uses reported to the registry\n` +
      `request path alone: ${recordNs.toFixed(0)} ns per recorded request (${calls} calls); one flush of ${50 * 20} entries (signatures computed off the request path): ${flushMs.toFixed(1)} ms\n`,
  );
}

await main();
