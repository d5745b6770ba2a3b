import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DemoUser } from '@cso/demo-world';
import { ensureDatabase, serverVersion, type Logger, type ServiceReadyMessage } from '@cso/platform';
import type { DevAuth } from './dev-auth.js';
import { gatewayRegistryEnv, publishCommitted, registryEnv, type RegistryOptions } from './registry.js';
import { devSignInEnv, TIERS, type Tier } from './stack.js';

const require = createRequire(import.meta.url);

export type ServiceName = Tier | 'gateway';
/** Every process the launcher can start: the services, and the schema registry. */
export type ProcessName = ServiceName | 'registry';

/** The built entry point (`dist/main.js`) of a service package: the same file its container runs. */
export function serviceEntry(name: ProcessName): string {
  return join(dirname(require.resolve(`@cso/${name}`)), 'main.js');
}

/** Environment every child inherits from the launcher; everything else is set explicitly. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'NODE_OPTIONS'];

export interface ServiceProcessOptions {
  name: ProcessName;
  /** The service's own configuration, exactly as its deployment would set it. */
  env: Record<string, string | undefined>;
  log: Logger;
  /** How long to wait for the service to report that it serves (migrations and seeding included). */
  readyTimeoutMs?: number;
  /**
   * Start it again when it exits without being asked to (a crash, or `kill -9 <pid>`). A service that
   * exits 0 stopped on purpose (`kill <pid>`: SIGTERM, drained — the old version of a blue/green deploy)
   * and is not started again.
   */
  restart?: boolean;
  /** Where the child's output goes (default: this process's). */
  stdio?: Output<ProcessName>;
}

/** Where a child's output goes: this process's, nowhere, or line by line to a function (tests read the logs). */
export type Output<N extends string = ServiceName> = 'inherit' | 'ignore' | ((line: string, service: N) => void);

/**
 * One service in its own process, supervised: started with `fork` so that it reports readiness over
 * IPC (its URL, which it may have chosen itself with PORT=0), stopped with SIGTERM (the service
 * drains and exits within its deadline), and restarted after a crash when asked.
 */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private stopping = false;
  private ready: ServiceReadyMessage | null = null;
  private restarts = 0;

  constructor(private readonly options: ServiceProcessOptions) {}

  get name(): ProcessName {
    return this.options.name;
  }

  get url(): string {
    if (!this.ready) throw new Error(`${this.name} is not running`);
    return this.ready.url;
  }

  get port(): number {
    if (!this.ready) throw new Error(`${this.name} is not running`);
    return this.ready.port;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and resolves once it serves; rejects when it exits or times out first. */
  async start(): Promise<this> {
    this.stopping = false;
    const env = Object.fromEntries(
      [...INHERITED.map((k) => [k, process.env[k]] as const), ...Object.entries(this.options.env)].filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    );
    const child = fork(serviceEntry(this.name), [], {
      env,
      // Its own process group: a Ctrl-C in the terminal reaches the launcher only, which stops the
      // gateway first and then the tiers. Should the launcher die, the IPC channel closes and the
      // service stops itself.
      detached: true,
      stdio: [
        'ignore',
        ...(typeof this.options.stdio === 'function'
          ? (['pipe', 'pipe'] as const)
          : ([this.options.stdio ?? 'inherit', this.options.stdio ?? 'inherit'] as const)),
        'ipc',
      ],
    });
    this.child = child;
    const output = this.options.stdio;
    if (typeof output === 'function') {
      for (const stream of [child.stdout, child.stderr]) {
        let rest = '';
        stream?.on('data', (chunk: Buffer) => {
          const lines = (rest + chunk.toString()).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) if (line) output(line, this.name);
        });
      }
    }
    this.ready = await new Promise<ServiceReadyMessage>((resolve, reject) => {
      const timeout = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${this.name} did not become ready within ${this.options.readyTimeoutMs ?? 600_000} ms`));
      }, this.options.readyTimeoutMs ?? 600_000);
      child.on('message', (message: ServiceReadyMessage) => {
        if (message?.type !== 'ready') return;
        clearTimeout(timeout);
        resolve(message);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timeout);
        reject(new Error(`${this.name} exited before it was ready (${signal ?? `code ${code}`})`));
      });
    });
    child.once('exit', (code, signal) => this.exited(child, code, signal));
    // A service that chose its own port keeps it when it starts again: the gateway still knows the address.
    if (this.options.env.PORT === '0') this.options.env.PORT = String(this.ready.port);
    this.options.log.info({ service: this.name, pid: child.pid, url: this.ready.url }, 'service process ready');
    return this;
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.ready = null;
    if (this.stopping || !this.options.restart) return;
    if (code === 0) {
      this.options.log.info({ service: this.name, pid: child.pid }, 'service process stopped gracefully; not restarting');
      return;
    }
    this.restarts += 1;
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(this.restarts - 1, 5));
    this.options.log.error({ service: this.name, code, signal, restartInMs: delay }, 'service process exited; restarting');
    setTimeout(() => {
      if (this.stopping) return;
      this.start().catch((error: unknown) =>
        this.options.log.error({ err: error, service: this.name }, 'service restart failed'),
      );
    }, delay).unref();
  }

  /** Stops the process gracefully (SIGTERM; SIGKILL after `graceMs`). */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the process without letting it drain (fault tests: a crash). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child?.kill(signal);
  }
}

export interface ProcessStackOptions {
  databaseUrls: Record<Tier, string>;
  busUrl: string;
  auth: DevAuth;
  log: Logger;
  host?: string;
  ports?: Partial<Record<ServiceName, number>>;
  seedSize?: number | null;
  logLevel?: string;
  nodeEnv?: string;
  supergraphPath?: string;
  watchSupergraph?: boolean;
  /** The demo users the browser workbench offers for development sign-in (none: no sign-in picker). */
  devUsers?: DemoUser[];
  /** Extra environment per service (e.g. quick retries in tests). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  restart?: boolean;
  stdio?: Output;
  /**
   * Start the schema registry too: it gets the committed SDL files as its first launch (at the tiers'
   * URLs) and the gateway follows it. Without it the gateway reads the supergraph file.
   */
  registry?: RegistryOptions & { stdio?: Output<'registry'> };
}

export interface ProcessStack {
  services: Record<ServiceName, ServiceProcess>;
  gatewayUrl: string;
  /** The registry's process, its URL and the launch the stack started with (with `registry` only). */
  registry?: { service: ServiceProcess; url: string; launchId: number };
  stop: () => Promise<void>;
}

/** The configuration of one tier's process, as its deployment sets it. */
export function tierEnv(tier: Tier, options: ProcessStackOptions): Record<string, string | undefined> {
  return {
    NODE_ENV: options.nodeEnv ?? 'development',
    PORT: String(options.ports?.[tier] ?? 0),
    HOST: options.host ?? '127.0.0.1',
    DATABASE_URL: options.databaseUrls[tier],
    BUS_DATABASE_URL: options.busUrl,
    SEED_ON_START: String(options.seedSize != null),
    SEED_SIZE: String(options.seedSize ?? 1),
    LOG_LEVEL: options.logLevel ?? 'info',
    AUTH_MODE: 'dev',
    AUTH_DEV_PUBLIC_KEY: JSON.stringify(options.auth.keys.publicJwk),
    GATEWAY_SECRET: options.auth.gatewaySecrets[tier],
    ...options.env?.[tier],
  };
}

/** The gateway's configuration, pointing at the tiers' processes (and following the registry at `registryUrl`). */
export function gatewayEnv(
  options: ProcessStackOptions,
  urls: Record<Tier, string>,
  registryUrl?: string,
): Record<string, string | undefined> {
  return {
    NODE_ENV: options.nodeEnv ?? 'development',
    PORT: String(options.ports?.gateway ?? 0),
    HOST: options.host ?? '127.0.0.1',
    LOG_LEVEL: options.logLevel ?? 'info',
    DISTRICT_URL: urls.district,
    STREET_URL: urls.street,
    COMMUNITY_URL: urls.community,
    SUPERGRAPH_PATH: options.supergraphPath,
    SUPERGRAPH_WATCH: String(options.watchSupergraph ?? false),
    AUTH_MODE: 'dev',
    AUTH_DEV_PUBLIC_KEY: JSON.stringify(options.auth.keys.publicJwk),
    DISTRICT_GATEWAY_SECRET: options.auth.gatewaySecrets.district,
    STREET_GATEWAY_SECRET: options.auth.gatewaySecrets.street,
    COMMUNITY_GATEWAY_SECRET: options.auth.gatewaySecrets.community,
    ...devSignInEnv(options.auth, options.devUsers),
    ...(registryUrl && options.registry ? gatewayRegistryEnv(registryUrl, options.registry) : {}),
    ...options.env?.gateway,
  };
}

/** The registry's output: where asked, else like the services' (a function for services' lines gets none of it). */
function registryOutput(own: Output<'registry'> | undefined, services: Output | undefined): Output<ProcessName> {
  if (typeof own === 'function') return (line) => own(line, 'registry');
  return own ?? (typeof services === 'function' ? 'ignore' : (services ?? 'inherit'));
}

/**
 * The gateway and each tier as separate processes, as they deploy: one tier can be stopped and
 * started while the others serve. The tiers start together (each migrates and seeds its own
 * database), then the gateway.
 */
export async function startProcessStack(options: ProcessStackOptions): Promise<ProcessStack> {
  for (const tier of TIERS) {
    const version = await serverVersion(options.databaseUrls[tier]);
    if (version < 15) throw new Error(`PostgreSQL ${version} for ${tier}: version 15 or newer is required`);
    await ensureDatabase(options.databaseUrls[tier]);
  }
  await ensureDatabase(options.busUrl);
  if (options.registry) await ensureDatabase(options.registry.databaseUrl);
  const output = options.stdio;
  const make = (name: ServiceName, env: Record<string, string | undefined>) =>
    new ServiceProcess({
      name,
      env,
      log: options.log,
      restart: options.restart ?? true,
      stdio: typeof output === 'function' ? (line) => output(line, name) : output,
    });
  const tiers = Object.fromEntries(TIERS.map((t) => [t, make(t, tierEnv(t, options))])) as Record<Tier, ServiceProcess>;
  const registry = options.registry
    ? new ServiceProcess({
        name: 'registry',
        env: registryEnv(options.registry, { nodeEnv: options.nodeEnv, host: options.host, logLevel: options.logLevel }),
        log: options.log,
        restart: options.restart ?? true,
        stdio: registryOutput(options.registry.stdio, output),
      })
    : null;
  const started: ServiceProcess[] = [];
  try {
    await Promise.all(
      [...TIERS.map((t) => tiers[t]), ...(registry ? [registry] : [])].map(async (s) => started.push(await s.start())),
    );
    const urls = Object.fromEntries(TIERS.map((t) => [t, tiers[t].url])) as Record<Tier, string>;
    // The registry's URL is its origin (the service reports http://host:port/graphql like every service).
    const registryUrl = registry ? new URL(registry.url).origin : undefined;
    const launchId =
      registry && registryUrl ? await publishCommitted(registryUrl, options.registry!.tokens, urls, options.log) : 0;
    const gateway = await make('gateway', gatewayEnv(options, urls, registryUrl)).start();
    started.push(gateway);
    return {
      services: { ...tiers, gateway },
      gatewayUrl: gateway.url,
      ...(registry && registryUrl ? { registry: { service: registry, url: registryUrl, launchId } } : {}),
      stop: async () => {
        await gateway.stop();
        await Promise.all(TIERS.map((t) => tiers[t].stop()));
        await registry?.stop();
      },
    };
  } catch (error) {
    await Promise.all([...Object.values(tiers), ...(registry ? [registry] : [])].map((s) => s.stop()));
    throw error;
  }
}
