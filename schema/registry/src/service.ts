import { createHash } from 'node:crypto';
import type { Logger } from '@cso/platform';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { apiSchemaOf, schemaChanges } from './checks/changes.js';
import { compose, type CompositionOutcome } from './checks/composition.js';
import { eventProblems } from './checks/events.js';
import { checkOperations, type OperationsOutcome } from './checks/operations.js';
import { describeOperation, type CheckReport, type PublishOutcome } from './checks/report.js';
import type { RegistryConfig } from './config.js';
import type { EventsManifest, GatewayInstance, Launch, PublishedSubgraph, SubgraphProposal, TrustedManifest } from './model.js';
import type { RegistryStore } from './store/store.js';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A request the registry refuses for what it asks (not for who asks): HTTP 409 or 422 with a reason. */
export class RegistryRefusal extends Error {
  constructor(
    message: string,
    readonly status: 409 | 422,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

const sameEvents = (a: EventsManifest, b: EventsManifest) => {
  const norm = (m: EventsManifest) =>
    JSON.stringify(
      (['produces', 'consumes'] as const).map((d) => m[d].map((e) => `${e.type}:${e.version}:${e.checksum ?? ''}`).sort()),
    );
  return norm(a) === norm(b);
};

const sameVersion = (current: PublishedSubgraph | undefined, proposal: SubgraphProposal) =>
  Boolean(
    current &&
    current.sdlHash === sha256(proposal.sdl) &&
    current.url === proposal.url &&
    sameEvents(current.events, proposal.events),
  );

/** Subgraphs in a stable order for composition: the launch's supergraph does not depend on who published last. */
const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

export interface RegistryServiceOptions {
  operationsWindowDays: number;
  routingUrlCheck: boolean;
  gatewayStaleSeconds: number;
}

export function serviceOptions(config: RegistryConfig): RegistryServiceOptions {
  return {
    operationsWindowDays: config.OPERATIONS_WINDOW_DAYS,
    routingUrlCheck: config.ROUTING_URL_CHECK,
    gatewayStaleSeconds: config.GATEWAY_STALE_SECONDS,
  };
}

/**
 * The registry's rules: `check` composes a proposed subgraph version with the others in service,
 * classifies the API schema's changes, validates every operation in use against the result and
 * checks the event contracts; `publish` refuses what `check` refuses, otherwise records the version
 * and the launch composed from it, in one transaction, one publish at a time.
 */
export class RegistryService {
  constructor(
    readonly store: RegistryStore,
    private readonly options: RegistryServiceOptions,
    private readonly log: Logger,
  ) {}

  async check(proposal: SubgraphProposal, by: string): Promise<CheckReport> {
    const { report } = await this.evaluate(this.store.pool, proposal);
    await this.store.recordCheck(this.store.pool, this.checkRecord(proposal, report, 'check', null, by));
    return report;
  }

  async publish(proposal: SubgraphProposal, by: string, options: { dryRun?: boolean } = {}): Promise<PublishOutcome> {
    if (options.dryRun)
      return { report: await this.check(proposal, by), launch: await this.store.latestLaunch(), published: false };
    const before = (await this.store.current()).find((s) => s.name === proposal.name);
    const urlProblem = before?.url === proposal.url ? null : await this.routingProblem(proposal.url);
    return this.store.serialized(async (tx) => {
      const { report, current, composition } = await this.evaluate(tx, proposal);
      if (urlProblem && !report.unchanged) {
        report.refusals.push(urlProblem);
        report.ok = false;
      }
      if (!report.ok || !composition?.ok) {
        await this.store.recordCheck(tx, this.checkRecord(proposal, report, 'publish', null, by));
        this.log.info({ subgraph: proposal.name, label: proposal.label, refusals: report.refusals }, 'publish refused');
        return { report, launch: await this.store.latestLaunch(tx), published: false };
      }
      const latest = await this.store.latestLaunch(tx);
      if (report.unchanged && latest) return { report, launch: latest, published: false };
      const versionId = await this.store.insertVersion(tx, proposal, sha256(proposal.sdl), by);
      await this.store.setCurrent(tx, proposal.name, versionId, proposal.url);
      const versions = Object.fromEntries(current.filter((s) => s.name !== proposal.name).map((s) => [s.name, s.versionId]));
      versions[proposal.name] = versionId;
      const launchId = await this.store.insertLaunch(tx, {
        supergraphSdl: composition.supergraphSdl,
        supergraphHash: sha256(composition.supergraphSdl),
        apiSchema: composition.apiSchema,
        reason: `publish ${proposal.name}${proposal.label ? ` ${proposal.label}` : ''}`,
        by,
        versions,
      });
      await this.store.recordCheck(tx, this.checkRecord(proposal, report, 'publish', launchId, by));
      this.log.info({ subgraph: proposal.name, label: proposal.label, url: proposal.url, launchId, by }, 'published; new launch');
      return { report, launch: await this.store.latestLaunch(tx), published: true };
    });
  }

  /**
   * Publishes several subgraphs as one launch: the first launch of an empty registry, and `npm start`
   * bringing the registry in line with the committed SDL files. Refused when they do not compose or
   * their event contracts do not match; operation checks are reported, not enforced (a tier's deploy
   * uses `publish`, which enforces them).
   */
  async publishAll(
    proposals: SubgraphProposal[],
    by: string,
  ): Promise<{
    launch: Launch;
    published: boolean;
    composition: CompositionOutcome;
    eventProblems: string[];
    brokenOperations: string[];
  }> {
    return this.store.serialized(async (tx) => {
      const current = await this.store.current(tx);
      const names = new Set(proposals.map((p) => p.name));
      const merged = byName([...current.filter((s) => !names.has(s.name)), ...proposals]);
      const composition = compose(merged);
      const problems = proposals.flatMap((p) =>
        eventProblems(
          p,
          merged.filter((o) => o.name !== p.name),
          current.find((s) => s.name === p.name)?.events ?? null,
        ),
      );
      if (!composition.ok) throw new RegistryRefusal('The subgraphs do not compose', 422, { errors: composition.errors });
      if (problems.length) throw new RegistryRefusal('Event contracts do not match', 422, { problems });
      const latest = await this.store.latestLaunch(tx);
      const broken = latest
        ? this.operationsOutcome(
            await this.store.operationsInUse(this.options.operationsWindowDays, tx),
            latest.apiSchema,
            composition.apiSchema,
            [],
          ).broken
        : [];
      if (
        latest &&
        proposals.every((p) =>
          sameVersion(
            current.find((s) => s.name === p.name),
            p,
          ),
        )
      )
        return { launch: latest, published: false, composition, eventProblems: [], brokenOperations: [] };
      const versions: Record<string, number> = Object.fromEntries(current.map((s) => [s.name, s.versionId]));
      for (const p of proposals) {
        const existing = current.find((s) => s.name === p.name);
        if (sameVersion(existing, p)) continue;
        versions[p.name] = await this.store.insertVersion(tx, p, sha256(p.sdl), by);
        await this.store.setCurrent(tx, p.name, versions[p.name]!, p.url);
      }
      const id = await this.store.insertLaunch(tx, {
        supergraphSdl: composition.supergraphSdl,
        supergraphHash: sha256(composition.supergraphSdl),
        apiSchema: composition.apiSchema,
        reason: `publish ${[...names].join(', ')}`,
        by,
        versions,
      });
      this.log.info({ launchId: id, subgraphs: [...names], by }, 'published together; new launch');
      return {
        launch: (await this.store.latestLaunch(tx))!,
        published: true,
        composition,
        eventProblems: [],
        brokenOperations: broken.map((b) => `${describeOperation(b)}: ${b.errors.join(' ')}`),
      };
    });
  }

  /** Where every gateway stands: the launch each serves, and whether all serve `launchId` (or a later one). */
  async rollout(launchId: number): Promise<{ launchId: number; complete: boolean; gateways: GatewayInstance[] }> {
    const gateways = await this.store.gateways(this.options.gatewayStaleSeconds);
    return { launchId, complete: gateways.every((g) => g.launchId !== null && g.launchId >= launchId), gateways };
  }

  /** Checks a client's trusted documents: each hash is the sha256 of its document, each document valid today. */
  async publishDocuments(manifest: TrustedManifest, by: string): Promise<{ manifestId: number; documents: number }> {
    const problems: string[] = [];
    const latest = await this.store.latestLaunch();
    const schema = latest ? apiSchemaOf(latest.apiSchema) : null;
    for (const [hash, document] of Object.entries(manifest.documents)) {
      if (sha256(document) !== hash) {
        problems.push(`${hash.slice(0, 12)}…: the hash is not the sha256 of its document`);
        continue;
      }
      try {
        const errors = schema ? validate(schema, parse(document)) : [];
        for (const e of errors) problems.push(`${hash.slice(0, 12)}…: ${e.message}`);
      } catch (error) {
        problems.push(`${hash.slice(0, 12)}…: ${(error as Error).message}`);
      }
    }
    if (problems.length)
      throw new RegistryRefusal('Some documents are not valid against the API schema in service', 422, { problems });
    const manifestId = await this.store.publishManifest(manifest, by);
    this.log.info(
      { client: manifest.client, version: manifest.version, documents: Object.keys(manifest.documents).length, by },
      'trusted documents registered',
    );
    return { manifestId, documents: Object.keys(manifest.documents).length };
  }

  private async evaluate(db: Parameters<RegistryStore['current']>[0], proposal: SubgraphProposal) {
    const current = await this.store.current(db);
    const previous = current.find((s) => s.name === proposal.name);
    const others = current.filter((s) => s.name !== proposal.name);
    const composition = compose(byName([...others, proposal]));
    const latest = await this.store.latestLaunch(db);
    const report: CheckReport = {
      subgraph: proposal.name,
      label: proposal.label ?? null,
      url: proposal.url,
      baseLaunchId: latest?.id ?? null,
      ok: true,
      unchanged: sameVersion(previous, proposal),
      composition: { ok: composition.ok, errors: composition.ok ? [] : composition.errors, hints: composition.hints },
      changes: [],
      operations: { checked: 0, invalidToday: 0, broken: [] },
      events: { problems: eventProblems(proposal, others, previous?.events ?? null) },
      refusals: [],
    };
    if (!composition.ok)
      report.refusals.push(
        `the subgraphs do not compose (${composition.errors.length} error${composition.errors.length === 1 ? '' : 's'})`,
      );
    else if (latest) {
      const changes = await schemaChanges(apiSchemaOf(latest.apiSchema), apiSchemaOf(composition.apiSchema));
      const outcome = this.operationsOutcome(
        await this.store.operationsInUse(this.options.operationsWindowDays, db),
        latest.apiSchema,
        composition.apiSchema,
        changes,
      );
      report.changes = changes.map((c, i) => ({ ...c, usedBy: outcome.usage[i] ?? [] }));
      report.operations = { checked: outcome.checked, invalidToday: outcome.invalidToday, broken: outcome.broken };
      for (const op of outcome.broken)
        report.refusals.push(`operation ${describeOperation(op)} would break: ${op.errors.join(' ')}`);
      for (const change of report.changes)
        if (
          change.level === 'BREAKING' &&
          change.usedBy.length &&
          !outcome.broken.some((b) => change.usedBy.some((u) => u.hash === b.hash))
        )
          report.refusals.push(`${change.message}: used by ${change.usedBy.map(describeOperation).join('; ')}`);
    }
    for (const problem of report.events.problems) report.refusals.push(problem);
    report.ok = report.refusals.length === 0;
    return { report, current, composition };
  }

  private operationsOutcome(
    operations: Awaited<ReturnType<RegistryStore['operationsInUse']>>,
    beforeSdl: string,
    afterSdl: string,
    changes: Awaited<ReturnType<typeof schemaChanges>>,
  ): OperationsOutcome {
    const before: GraphQLSchema = apiSchemaOf(beforeSdl);
    return checkOperations(operations, before, apiSchemaOf(afterSdl), changes);
  }

  /** A routing URL that is to receive traffic must answer its readiness probe first. */
  private async routingProblem(url: string): Promise<string | null> {
    if (!this.options.routingUrlCheck) return null;
    let ready: URL;
    try {
      ready = new URL('/readyz', url);
    } catch {
      return `the routing URL ${url} is not a URL`;
    }
    try {
      const res = await fetch(ready, { signal: AbortSignal.timeout(3000) });
      return res.ok
        ? null
        : `the service at ${url} is not ready (${ready.pathname} answered ${res.status}); start it before publishing its URL`;
    } catch (error) {
      return `the service at ${url} does not answer (${(error as Error).message}); start it before publishing its URL`;
    }
  }

  private checkRecord(
    proposal: SubgraphProposal,
    report: CheckReport,
    action: 'check' | 'publish',
    launchId: number | null,
    by: string,
  ) {
    return {
      subgraph: proposal.name,
      label: proposal.label ?? null,
      sdlHash: sha256(proposal.sdl),
      url: proposal.url,
      action,
      passed: report.ok,
      report,
      launchId,
      by,
    };
  }
}
