import { randomBytes, randomUUID } from 'node:crypto';
import type { PolicyValues } from '@cso/contracts';
import { POLICY_DEFAULTS } from '@cso/contracts';
import { clock, createRequestContext, type Caller, type Consumer, type RequestContext } from '@cso/platform';
import type { TestSubgraph } from '@cso/platform/testing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Certificate } from '../filing/filing.entity.js';
import { filingForwardedConsumer } from '../filing/filing.consumers.js';
import { receivedPoliciesConsumer } from '../policy/received-policy.consumer.js';
import { Street } from '../street/street.entity.js';

/** Test data of the street tier: every test makes its own district, street and filings, so none depends on another. */

/** A request of `caller` against the test subgraph's database, as the server would make it. */
export const contextOf = (subgraph: TestSubgraph, caller: Caller): RequestContext =>
  createRequestContext(subgraph.running.orm.em, subgraph.running.log, `test-${randomUUID()}`, caller);

export const emOf = (subgraph: TestSubgraph): EntityManager => subgraph.running.orm.em.fork() as EntityManager;

/** A street of a new district, with a code of its own (certificate numbers start with it). */
export async function givenStreet(em: EntityManager): Promise<Street> {
  const code = `T${randomBytes(3).toString('hex').toUpperCase()}`;
  const street = em.create(Street, {
    id: randomUUID(),
    districtId: randomUUID(),
    name: `测试${code}街`,
    code,
    branchName: `测试协会测试${code}街分会`,
  });
  await em.persist(street).flush();
  return street;
}

/** The district's policy values as the street received them (the district's event, applied as the street applies it). */
export async function givenPolicies(em: EntityManager, districtId: string, values: Partial<PolicyValues>, revision = 1) {
  await applyEvent(em, receivedPoliciesConsumer, { districtId, values: { ...POLICY_DEFAULTS, ...values }, revision });
}

/** Applies an event to the street's database as its consumer would (payload validated by the contract). */
export async function applyEvent<P>(em: EntityManager, consumer: Consumer<P>, payload: P): Promise<void> {
  const parsed = consumer.contract.payload.parse(payload);
  const { type, version } = consumer.contract;
  const envelope = { id: randomUUID(), type, version, producer: 'test', occurredAt: clock.now().toISOString(), payload: parsed };
  await em.transactional((tx) => consumer.apply(tx, parsed, envelope));
}

export interface ForwardedFiling {
  id: string;
  organizationId: string;
  communityId: string | null;
  streetId: string;
  districtId: string;
}

/** A filing the community forwarded to the street (the community's event, applied as the street applies it). */
export async function givenForwardedFiling(
  em: EntityManager,
  street: Street,
  options: { kind?: 'NEW' | 'CHANGE' | 'DISSOLUTION'; organizationId?: string; communityId?: string | null } = {},
): Promise<ForwardedFiling> {
  const payload = {
    filingId: randomUUID(),
    kind: options.kind ?? 'NEW',
    organizationId: options.organizationId ?? randomUUID(),
    organizationName: '测试合唱团',
    category: 'CULTURE_SPORTS',
    purpose: '丰富社区居民文化生活',
    activityArea: '社区活动室',
    applicantName: '王芳',
    communityId: options.communityId === undefined ? randomUUID() : options.communityId,
    streetId: street.id,
    districtId: street.districtId,
    round: 1,
    forwardedAt: clock.now().toISOString(),
  } as const;
  await applyEvent(em, filingForwardedConsumer, payload);
  return {
    id: payload.filingId,
    organizationId: payload.organizationId,
    communityId: payload.communityId,
    streetId: street.id,
    districtId: street.districtId,
  };
}

/** An organization the street has filed: its forwarded filing, and a certificate issued at `issuedAt`. */
export async function givenFiledOrganization(
  em: EntityManager,
  street: Street,
  options: { communityId?: string; issuedAt?: Date; voidedAt?: Date | null } = {},
): Promise<ForwardedFiling> {
  const filing = await givenForwardedFiling(em, street, { communityId: options.communityId });
  em.create(Certificate, {
    id: randomUUID(),
    organizationId: filing.organizationId,
    number: `${street.code}-TEST-${randomBytes(4).toString('hex')}`,
    streetId: street.id,
    communityId: filing.communityId,
    districtId: street.districtId,
    filingId: filing.id,
    issuedAt: options.issuedAt ?? new Date('2020-01-15T02:00:00Z'),
    voidedAt: options.voidedAt ?? null,
  });
  await em.flush();
  return filing;
}

/** The events the street emitted about one record (its outbox rows), oldest first. */
export async function eventsAbout(em: EntityManager, key: 'filingId' | 'reportId', id: string) {
  return em.execute<{ type: string; payload: Record<string, unknown> }[]>(
    `select type, payload from outbox where payload->>? = ? order by seq`,
    [key, id],
    'all',
  );
}
