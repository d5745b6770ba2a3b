import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckReport, PublishOutcome } from './checks/report.js';
import type {
  EventsManifest,
  GatewayInstance,
  Launch,
  LaunchSummary,
  RecordedOperation,
  SubgraphProposal,
  TrustedManifest,
} from './model.js';

/** An answer of the registry that is not a success (refusals carry their report or details). */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  token?: string;
  /** Who acts, for the registry's records (a person, or a pipeline and its run). */
  actor?: string;
  timeoutMs?: number;
}

/** The registry's HTTP API for the CLI, the launcher and tests. */
export class RegistryClient {
  constructor(
    readonly baseUrl: string,
    private readonly options: ClientOptions = {},
  ) {}

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    accept: number[] = [],
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (this.options.actor) headers['x-registry-actor'] = this.options.actor;
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!res.ok && !accept.includes(res.status)) {
      const message = (parsed as { message?: string } | null)?.message ?? `HTTP ${res.status}`;
      throw new RegistryError(`${method} ${path}: ${message}`, res.status, parsed);
    }
    return { status: res.status, body: parsed as T };
  }

  async check(proposal: SubgraphProposal): Promise<CheckReport> {
    const { name, ...body } = proposal;
    return (await this.call<{ report: CheckReport }>('POST', `/subgraphs/${name}/check`, body)).body.report;
  }

  /** Publishes one subgraph; a refusal (409) is returned as an outcome whose report says why. */
  async publish(proposal: SubgraphProposal, options: { dryRun?: boolean } = {}): Promise<PublishOutcome> {
    const { name, ...body } = proposal;
    return (await this.call<PublishOutcome>('POST', `/subgraphs/${name}/publish`, { ...body, dryRun: options.dryRun }, [409]))
      .body;
  }

  async publishAll(
    subgraphs: SubgraphProposal[],
  ): Promise<{ launch: LaunchSummary; published: boolean; brokenOperations: string[] }> {
    return (
      await this.call<{ launch: LaunchSummary; published: boolean; brokenOperations: string[] }>('POST', '/publish-all', {
        subgraphs,
      })
    ).body;
  }

  async latestLaunch(): Promise<Launch | null> {
    const { status, body } = await this.call<Launch>('GET', '/launches/latest', undefined, [404]);
    return status === 404 ? null : body;
  }

  async launches(limit = 20): Promise<LaunchSummary[]> {
    return (await this.call<{ launches: LaunchSummary[] }>('GET', `/launches?limit=${limit}`)).body.launches;
  }

  async subgraphs(): Promise<
    {
      name: string;
      url: string;
      versionId: number;
      label: string | null;
      publishedAt: string;
      publishedBy: string;
      events: EventsManifest;
    }[]
  > {
    return (await this.call<{ subgraphs: never[] }>('GET', '/subgraphs')).body.subgraphs;
  }

  async rollout(launchId: number): Promise<{ launchId: number; complete: boolean; gateways: GatewayInstance[] }> {
    return (
      await this.call<{ launchId: number; complete: boolean; gateways: GatewayInstance[] }>(
        'GET',
        `/launches/${launchId}/rollout`,
      )
    ).body;
  }

  /** Waits until every gateway that follows the registry serves `launchId` (or a later launch). */
  async waitForRollout(
    launchId: number,
    options: { timeoutMs?: number; intervalMs?: number; onProgress?: (gateways: GatewayInstance[]) => void } = {},
  ): Promise<GatewayInstance[]> {
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    for (;;) {
      const rollout = await this.rollout(launchId);
      if (rollout.complete) return rollout.gateways;
      options.onProgress?.(rollout.gateways);
      if (Date.now() > deadline) {
        const behind = rollout.gateways
          .filter((g) => g.launchId === null || g.launchId < launchId)
          .map((g) => `${g.id} (serves ${g.launchId ?? 'no launch'})`);
        throw new RegistryError(`not every gateway serves launch #${launchId} in time: ${behind.join(', ')}`, 504, rollout);
      }
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
    }
  }

  async operations(limit = 50): Promise<RecordedOperation[]> {
    return (await this.call<{ operations: never[] }>('GET', `/operations?limit=${limit}`)).body.operations;
  }

  async publishDocuments(manifest: TrustedManifest): Promise<{ manifestId: number; documents: number }> {
    return (await this.call<{ manifestId: number; documents: number }>('POST', '/documents', manifest)).body;
  }

  async retireDocuments(client: string, version: string): Promise<boolean> {
    return (
      await this.call<{ removed: boolean }>(
        'DELETE',
        `/documents/${encodeURIComponent(client)}/${encodeURIComponent(version)}`,
        undefined,
        [404],
      )
    ).body.removed;
  }
}

/** The events manifest a tier printed beside its SDL (`npm run sdl`): `schema/subgraphs/<tier>.events.json`. */
export function readEventsManifest(path: string): EventsManifest {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<EventsManifest>;
  return { produces: parsed.produces ?? [], consumes: parsed.consumes ?? [] };
}

/** The events manifest's path beside an SDL file: `street.graphql` → `street.events.json`. */
export const eventsPathBeside = (sdlPath: string) =>
  join(
    dirname(sdlPath),
    `${sdlPath
      .split('/')
      .at(-1)!
      .replace(/\.graphql$/, '')}.events.json`,
  );
