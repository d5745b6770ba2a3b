import { existsSync, readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '@cso/platform';
import { z } from 'zod';
import { formatReport } from './checks/report.js';
import { eventsPathBeside, readEventsManifest, RegistryClient, RegistryError } from './client.js';
import { CONFIG_PATH, readCommittedProposals, SCHEMA_DIR } from './index.js';
import type { SubgraphProposal, TrustedManifest } from './model.js';
import type { RegistryTokens } from './tokens.js';

const USAGE = `npm run schema -- <command>

  check <tier>   [--sdl FILE] [--events FILE] [--url URL] [--version LABEL]
                 compose the proposed SDL with the other tiers' published ones, classify the API
                 schema's changes, validate every operation in use, check event contracts
  publish <tier> [--sdl FILE] [--events FILE] [--url URL] [--version LABEL] [--dry-run]
                 [--wait] [--wait-timeout SECONDS]
                 refuse what check refuses; otherwise store the version and put a new launch in
                 service; --wait returns once every gateway serves it
  publish-all    [--version LABEL] [--url-<tier> URL ...]
                 publish every tier of schema/supergraph.config.json as one launch (the first launch)
  wait <launch id|latest> [--wait-timeout SECONDS]
                 wait until every gateway that follows the registry serves the launch
  status         subgraphs in service, the latest launches, the gateways and what each serves
  operations     [--limit N] the operations in use, most used first
  documents publish <manifest.json>         register a client version's trusted documents
  documents retire <client> <version>       forget them

  --sdl defaults to schema/subgraphs/<tier>.graphql, --events to the .events.json beside it,
  --url to the URL in service (or schema/supergraph.config.json's).

Environment: REGISTRY_URL (default http://localhost:4010), REGISTRY_TOKEN (the tier's publish token,
or the admin token; in development read from $DATA_DIR/keys/registry-tokens.json), REGISTRY_ACTOR
(who acts, for the records; default user@host). Exit status: 0 passed, 1 refused, 2 usage, 3 registry
unreachable or failing.
`;

const cliConfig = z.object({
  REGISTRY_URL: z.url().default('http://localhost:4010'),
  REGISTRY_TOKEN: z.string().min(16).optional(),
  REGISTRY_ACTOR: z.string().max(100).optional(),
  DATA_DIR: z.string().default('.data'),
});

class UsageError extends Error {}

const repoRoot = resolve(SCHEMA_DIR, '..');

function devTokens(dataDir: string): RegistryTokens | null {
  const path = resolve(repoRoot, dataDir, 'keys', 'registry-tokens.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as RegistryTokens) : null;
}

async function main(argv: string[]): Promise<number> {
  const config = parseConfig('npm run schema', cliConfig, process.env);
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: false,
    options: {
      sdl: { type: 'string' },
      events: { type: 'string' },
      url: { type: 'string' },
      version: { type: 'string' },
      'dry-run': { type: 'boolean' },
      wait: { type: 'boolean' },
      'wait-timeout': { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (!command || command === 'help' || values.help) {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const tokens = config.REGISTRY_TOKEN ? null : devTokens(config.DATA_DIR);
  const client = (tier?: string) =>
    new RegistryClient(config.REGISTRY_URL, {
      token: config.REGISTRY_TOKEN ?? (tier ? tokens?.publish[tier] : undefined) ?? tokens?.admin,
      actor: config.REGISTRY_ACTOR ?? `${userInfo().username}@${hostname()}`,
    });
  const waitMs = Number(values['wait-timeout'] ?? 120) * 1000;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

  switch (command) {
    case 'check':
    case 'publish': {
      const tier = positionals[0];
      if (!tier) throw new UsageError(`${command} needs a tier: npm run schema -- ${command} street`);
      const proposal = await proposalOf(
        tier,
        { sdl: str(values.sdl), events: str(values.events), url: str(values.url), version: str(values.version) },
        client(tier),
      );
      if (command === 'check') {
        const report = await client(tier).check(proposal);
        process.stdout.write(formatReport(report, 'check'));
        return report.ok ? 0 : 1;
      }
      const outcome = await client(tier).publish(proposal, { dryRun: values['dry-run'] === true });
      process.stdout.write(formatReport(outcome.report, values['dry-run'] ? 'check' : 'publish', outcome));
      if (!outcome.report.ok) return 1;
      if (values.wait && outcome.launch) await waitFor(client(tier), outcome.launch.id, waitMs);
      return 0;
    }
    case 'publish-all': {
      const urls = Object.fromEntries(
        Object.entries(values)
          .filter(([k, v]) => k.startsWith('url-') && typeof v === 'string')
          .map(([k, v]) => [k.slice(4), v as string]),
      );
      const outcome = await client().publishAll(readCommittedProposals(urls, str(values.version) ?? null));
      process.stdout.write(
        outcome.published
          ? `published ${outcome.launch.subgraphs.map((s) => s.name).join(', ')} as launch #${outcome.launch.id}\n`
          : `nothing changed: launch #${outcome.launch.id} stays in service\n`,
      );
      for (const line of outcome.brokenOperations) process.stdout.write(`  warning: operation ${line}\n`);
      return 0;
    }
    case 'wait': {
      const target = positionals[0] ?? 'latest';
      const id = target === 'latest' ? (await client().latestLaunch())?.id : Number(target);
      if (!id) throw new UsageError('wait needs a launch id (or "latest" once something is published)');
      await waitFor(client(), id, waitMs);
      return 0;
    }
    case 'status': {
      const c = client();
      const [subgraphs, launches] = await Promise.all([c.subgraphs(), c.launches(5)]);
      process.stdout.write('subgraphs in service:\n');
      for (const s of subgraphs)
        process.stdout.write(
          `  ${s.name.padEnd(10)} v${s.versionId} ${s.label ?? ''} ${s.url}  (${s.publishedBy}, ${s.publishedAt})\n`,
        );
      process.stdout.write('latest launches:\n');
      for (const l of launches) process.stdout.write(`  #${l.id} ${l.createdAt} ${l.reason} by ${l.createdBy}\n`);
      if (launches[0]) {
        const rollout = await c.rollout(launches[0].id);
        process.stdout.write(`gateways (${rollout.complete ? 'all serve' : 'not all serve'} launch #${launches[0].id}):\n`);
        for (const g of rollout.gateways)
          process.stdout.write(
            `  ${g.id} serves ${g.launchId ? `#${g.launchId}` : 'no launch (committed supergraph)'}, last seen ${g.lastSeen}\n`,
          );
      }
      return 0;
    }
    case 'operations': {
      for (const op of await client().operations(Number(values.limit ?? 50))) {
        const total = op.clients.reduce((n, c) => n + Number(c.count), 0);
        process.stdout.write(
          `${String(total).padStart(8)}  ${op.kind ?? ''} ${op.name ?? '(anonymous)'}  ${op.hash.slice(0, 12)}  ${op.clients.map((c) => `${c.name || '-'} ${c.version}`).join(', ')}\n`,
        );
      }
      return 0;
    }
    case 'documents': {
      const [action, ...args] = positionals;
      if (action === 'publish' && args[0]) {
        const manifest = JSON.parse(readFileSync(resolve(args[0]), 'utf8')) as TrustedManifest;
        const result = await client().publishDocuments(manifest);
        process.stdout.write(`registered ${result.documents} documents of ${manifest.client} ${manifest.version}\n`);
        return 0;
      }
      if (action === 'retire' && args[0] && args[1]) {
        const removed = await client().retireDocuments(args[0], args[1]);
        process.stdout.write(removed ? `retired ${args[0]} ${args[1]}\n` : `no manifest of ${args[0]} ${args[1]}\n`);
        return removed ? 0 : 1;
      }
      throw new UsageError('documents publish <manifest.json> | documents retire <client> <version>');
    }
    default:
      throw new UsageError(`unknown command ${command}\n\n${USAGE}`);
  }
}

/** The proposal from the files a tier printed, and the URL given, in service, or configured. */
async function proposalOf(
  tier: string,
  options: { sdl?: string; events?: string; url?: string; version?: string },
  client: RegistryClient,
): Promise<SubgraphProposal> {
  const sdlPath = resolve(options.sdl ?? join(SCHEMA_DIR, 'subgraphs', `${tier}.graphql`));
  if (!existsSync(sdlPath)) throw new UsageError(`no SDL at ${sdlPath} (npm run sdl -w @cso/${tier} prints it)`);
  const eventsPath = resolve(options.events ?? eventsPathBeside(sdlPath));
  if (!existsSync(eventsPath))
    throw new UsageError(`no events manifest at ${eventsPath} (npm run sdl -w @cso/${tier} prints it beside the SDL)`);
  let url = options.url;
  if (!url) {
    const current = (await client.subgraphs()).find((s) => s.name === tier);
    const configured = (
      JSON.parse(readFileSync(CONFIG_PATH, 'utf8')) as { subgraphs: { name: string; routingUrl: string }[] }
    ).subgraphs.find((s) => s.name === tier);
    url = current?.url ?? configured?.routingUrl;
    if (!url) throw new UsageError(`no routing URL for ${tier}: pass --url`);
  }
  return {
    name: tier,
    url,
    sdl: readFileSync(sdlPath, 'utf8'),
    events: readEventsManifest(eventsPath),
    label: options.version ?? null,
  };
}

async function waitFor(client: RegistryClient, launchId: number, timeoutMs: number): Promise<void> {
  process.stdout.write(`waiting until every gateway serves launch #${launchId}…\n`);
  const gateways = await client.waitForRollout(launchId, { timeoutMs });
  process.stdout.write(
    gateways.length
      ? `every gateway serves launch #${launchId}: ${gateways.map((g) => g.id).join(', ')}\n`
      : `no gateway follows the registry right now (none polled within the last seconds)\n`,
  );
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof RegistryError) {
    process.stderr.write(
      `${error.message}\n${error.body && typeof error.body === 'object' ? `${JSON.stringify(error.body, null, 2)}\n` : ''}`,
    );
    process.exitCode = error.status === 422 ? 1 : 3;
  } else {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  }
}
