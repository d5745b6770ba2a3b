import { AuditRecord, createRequestContext, type Caller, type RequestContext } from '@cso/platform';
import { startTestSubgraph, type TestSubgraph } from '@cso/platform/testing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { definition } from '../app.js';
import { District } from '../district/district.entity.js';
import { FiledOrganization } from '../filing/filing.entity.js';

/**
 * In-process tests of the tier's services: a real database (seeded like the default start, at
 * size 0.2), and services called directly with a request context, as a resolver calls them.
 * Each test makes its own organizations on the register, so that none depends on another.
 */
export interface InProcess {
  subgraph: TestSubgraph;
  /** The seeded district. */
  districtId: string;
  /** A fresh request context for the caller. */
  as: (caller: Caller) => RequestContext;
  /** A fresh entity manager, to read what a service wrote. */
  em: () => EntityManager;
  /** Outbox rows whose payload names `id` under `key`. */
  outbox: (key: string, id: string) => Promise<{ type: string; payload: Record<string, unknown> }[]>;
  /** Audit records about a target. */
  audit: (targetId: string) => Promise<AuditRecord[]>;
  stop: () => Promise<void>;
}

export async function startInProcess(): Promise<InProcess> {
  const subgraph = await startTestSubgraph(definition, { seedSize: 0.2 });
  const { orm, log } = subgraph.running;
  const em = () => orm.em.fork() as EntityManager;
  const [district] = await em().find(District, {}, { limit: 1 });
  return {
    subgraph,
    districtId: district!.id,
    as: (caller) => createRequestContext(em(), log, randomUUID(), caller),
    em,
    outbox: (key, id) =>
      em().execute(`select type, payload from outbox where payload->>? = ? order by seq`, [key, id], 'all') as Promise<
        { type: string; payload: Record<string, unknown> }[]
      >,
    audit: (targetId) => em().find(AuditRecord, { targetId }),
    stop: () => subgraph.stop(),
  };
}

/** A new organization on the district's register (in a street and community of its own unless given). */
export async function registerOrganization(
  em: EntityManager,
  place: { districtId: string; streetId?: string; communityId?: string | null },
  status = 'FILED',
): Promise<FiledOrganization> {
  const entry = em.create(FiledOrganization, {
    organizationId: randomUUID(),
    districtId: place.districtId,
    streetId: place.streetId ?? randomUUID(),
    communityId: place.communityId === undefined ? randomUUID() : place.communityId,
    name: `测试社区测试组织${randomUUID().slice(0, 4)}`,
    status,
    asOf: new Date('2025-01-01T00:00:00Z'),
  });
  await em.flush();
  return entry;
}
