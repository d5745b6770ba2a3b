import { generateWorld } from '@cso/demo-world';
import { until } from '../support/filing.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { has, scrape, valueOf, type Sample } from './prometheus.js';

/**
 * Prometheus metrics through the whole federation: a query and a mutation through the gateway move
 * the gateway's and each subgraph's counters, with the operation, root field, subgraph and event type
 * as labels; errors count by their code; refused tokens by reason; the event pipeline's gauges and
 * the pool's are exposed; and no id or query text ever becomes a label.
 */
const SIZE = 0.2;
const world = generateWorld(SIZE);
const districtId = world.districts[0]!.id;
let t: TestStack;

beforeAll(async () => {
  t = await startTestStack({ seedSize: SIZE });
});
afterAll(() => t?.stop());

const gatewayMetrics = async () => (await scrape(t.stack.gateway.metricsUrl!)).samples;
const tierMetrics = async (tier: 'district' | 'street' | 'community') => (await scrape(t.subgraph(tier).metricsUrl!)).samples;

/** How much each series moved between two scrapes. */
const moved = (before: Sample[], after: Sample[], name: string, labels: Record<string, string>) =>
  valueOf(after, name, labels) - valueOf(before, name, labels);

const CROSS_TIER = 'query DistrictsStreetsCommunities { districts { name streets { name communities { name } } } }';
const UPDATE = `mutation RaiseMinimumMembers($d: ID!, $input: PoliciesInput!) {
  updatePolicies(districtId: $d, input: $input) { revision minimumMembers }
}`;

describe('metrics', () => {
  it('serves /metrics on each service in test, in the Prometheus text format, with Node process metrics', async () => {
    for (const url of [
      t.stack.gateway.metricsUrl,
      ...(['district', 'street', 'community'] as const).map((x) => t.subgraph(x).metricsUrl),
    ]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const { contentType, samples } = await scrape(url!);
      expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(has(samples, 'process_cpu_user_seconds_total')).toBe(true);
      expect(has(samples, 'nodejs_eventloop_lag_seconds')).toBe(true);
    }
  });

  it('a cross-tier query moves the gateway’s request, latency and per-subgraph fetch series, and each subgraph’s root fields', async () => {
    const before = {
      gateway: await gatewayMetrics(),
      district: await tierMetrics('district'),
      street: await tierMetrics('street'),
    };
    const res = await t.gql(CROSS_TIER, {}, await t.as('district-officer'));
    expect(res.errors).toBeUndefined();
    const after = {
      gateway: await gatewayMetrics(),
      district: await tierMetrics('district'),
      street: await tierMetrics('street'),
    };

    const op = { operation: 'DistrictsStreetsCommunities', operation_type: 'query', service: 'gateway' };
    expect(moved(before.gateway, after.gateway, 'cso_graphql_requests_total', op)).toBe(1);
    expect(moved(before.gateway, after.gateway, 'cso_graphql_request_duration_seconds_count', op)).toBe(1);
    expect(moved(before.gateway, after.gateway, 'cso_graphql_request_duration_seconds_sum', op)).toBeGreaterThan(0);
    for (const subgraph of ['community', 'street', 'district'])
      expect(
        moved(before.gateway, after.gateway, 'cso_gateway_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' }),
      ).toBe(1);

    expect(
      moved(before.district, after.district, 'cso_graphql_root_field_duration_seconds_count', {
        service: 'district',
        field: 'Query.districts',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      moved(before.street, after.street, 'cso_graphql_root_field_duration_seconds_count', {
        service: 'street',
        field: 'Query._entities',
        outcome: 'ok',
      }),
    ).toBe(1);
    // The subgraph counts the request the gateway sent it, under the name the query planner gave it.
    expect(
      after.street
        .filter((s) => s.name === 'cso_graphql_requests_total' && s.labels.operation_type === 'query')
        .some((s) => s.labels.operation!.startsWith('DistrictsStreetsCommunities__street__')),
    ).toBe(true);
  });

  it('a mutation moves its counters, and its event is counted where it is applied, with its lag', async () => {
    const before = {
      gateway: await gatewayMetrics(),
      district: await tierMetrics('district'),
      street: await tierMetrics('street'),
    };
    const res = await t.gql(UPDATE, { d: districtId, input: { minimumMembers: 11 } }, await t.as('district-officer'));
    expect(res.errors).toBeUndefined();
    const op = { operation: 'RaiseMinimumMembers', operation_type: 'mutation', service: 'gateway' };
    expect(moved(before.gateway, await gatewayMetrics(), 'cso_graphql_requests_total', op)).toBe(1);
    expect(
      moved(before.district, await tierMetrics('district'), 'cso_graphql_root_field_duration_seconds_count', {
        field: 'Mutation.updatePolicies',
        outcome: 'ok',
      }),
    ).toBe(1);

    const event = { service: 'street', type: 'district.policies-updated' };
    const street = await until(
      tierMetrics.bind(null, 'street'),
      (s) => moved(before.street, s, 'cso_events_settled_total', { ...event, outcome: 'completed' }) >= 1,
    );
    expect(moved(before.street, street, 'cso_event_apply_lag_seconds_count', event)).toBe(1);
    expect(moved(before.street, street, 'cso_event_apply_lag_seconds_sum', event)).toBeGreaterThan(0);
  });

  it('counts errors by extensions.code, and requests that never parsed as (invalid)', async () => {
    const before = await gatewayMetrics();
    const forbidden = await t.gql(UPDATE, { d: districtId, input: { minimumMembers: 12 } }, await t.as('street-officer'));
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unparsable = await t.gql('query Broken { organizations(first: ');
    expect(unparsable.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const after = await gatewayMetrics();
    expect(moved(before, after, 'cso_graphql_errors_total', { operation: 'RaiseMinimumMembers', code: 'FORBIDDEN' })).toBe(1);
    expect(moved(before, after, 'cso_graphql_errors_total', { operation: '(invalid)', code: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    expect(moved(before, after, 'cso_graphql_requests_total', { operation: '(invalid)' })).toBe(1);
  });

  it('counts refused tokens by reason at the gateway and at a subgraph reached directly', async () => {
    const [gatewayBefore, communityBefore] = [await gatewayMetrics(), await tierMetrics('community')];
    const expired = await t.gql('{ districts { name } }', {}, { authorization: 'Bearer not.a.token' });
    expect(expired.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const malformed = await fetch(t.subgraph('community').url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(malformed.status).toBe(401);
    const failures = (samples: Sample[], service: string) =>
      samples.filter((s) => s.name === 'cso_auth_token_failures_total' && s.labels.service === service);
    const gatewayAfter = await gatewayMetrics();
    expect(moved(gatewayBefore, gatewayAfter, 'cso_auth_token_failures_total', {})).toBe(1);
    expect(failures(gatewayAfter, 'gateway').map((s) => s.labels.reason)).toEqual([expect.stringMatching(/^ERR_JW[ST]_/)]);
    expect(
      moved(communityBefore, await tierMetrics('community'), 'cso_auth_token_failures_total', { reason: 'MALFORMED_HEADER' }),
    ).toBe(1);
    expect(
      moved(gatewayBefore, gatewayAfter, 'cso_graphql_errors_total', { operation: '(rejected)', code: 'UNAUTHENTICATED' }),
    ).toBe(1);
  });

  it('exposes the pool, the outbox and the consumer queues as gauges', async () => {
    for (const tier of ['district', 'street', 'community'] as const) {
      const samples = await tierMetrics(tier);
      expect(valueOf(samples, 'cso_db_pool_max_connections', { service: tier })).toBe(10);
      expect(has(samples, 'cso_db_pool_connections', { state: 'in_use' })).toBe(true);
      expect(has(samples, 'cso_db_pool_connections', { state: 'idle' })).toBe(true);
      expect(has(samples, 'cso_db_pool_waiting_requests')).toBe(true);
      expect(has(samples, 'cso_outbox_pending_events')).toBe(true);
      expect(has(samples, 'cso_outbox_parked_events')).toBe(true);
      expect(valueOf(samples, 'cso_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    }
    const street = await tierMetrics('street');
    expect(has(street, 'cso_event_queue_jobs', { queue: 'street.district.policies-updated', state: 'queued' })).toBe(true);
    expect(valueOf(street, 'cso_event_dead_letters', { queue: 'street.dead-letter' })).toBe(0);
  });

  it('keeps labels bounded: no id, variable or query text appears in any series', async () => {
    const org = world.organizations[0]!;
    const res = await t.gql(
      'query OneOrganization($id: ID!) { organization(id: $id) { name } }',
      { id: org.id },
      await t.as('district-officer'),
    );
    expect(res.errors).toBeUndefined();
    for (const text of [
      (await scrape(t.stack.gateway.metricsUrl!)).text,
      ...(await Promise.all(
        (['district', 'street', 'community'] as const).map(async (x) => (await scrape(t.subgraph(x).metricsUrl!)).text),
      )),
    ]) {
      expect(text).not.toContain(org.id);
      expect(text).not.toContain('organization(id:');
    }
  });
});
