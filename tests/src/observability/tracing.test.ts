import { randomBytes } from 'node:crypto';
import { generateWorld } from '@cso/demo-world';
import { until } from '../support/filing.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

/**
 * Traces across the tiers, exported over OTLP/HTTP to a receiver this test runs: the client's
 * `traceparent` is continued by the gateway, each subgraph fetch carries it on, each subgraph's
 * request, root fields and SQL statements are spans of the same trace, and an event's consumer span
 * (a trace of its own) links to the mutation's span that emitted it.
 */
const SIZE = 0.2;
const world = generateWorld(SIZE);
const districtId = world.districts[0]!.id;
const TIERS = ['district', 'street', 'community'] as const;
const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;

let t: TestStack;
const receiver = new OtlpReceiver();

beforeAll(async () => {
  await receiver.start();
  t = await startTestStack({
    seedSize: SIZE,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' },
  });
});
afterAll(async () => {
  await t?.stop();
  await receiver.stop();
});

/** Every service sends the spans it has finished. */
const flush = () => Promise.all([t.stack.gateway.telemetry.flush(), ...TIERS.map((x) => t.subgraph(x).telemetry.flush())]);

/**
 * The spans of a trace once every service named has sent its server span: a service ends its span
 * when its response is written, which may be just after its caller has read the answer.
 */
const traceServedBy = (traceId: string, services: string[]) =>
  until(
    async () => {
      await flush();
      return receiver.trace(traceId);
    },
    (spans) => services.every((service) => spans.some((s) => s.service === service && s.kind === SERVER)),
  );

const newTraceparent = () => {
  const traceId = randomBytes(16).toString('hex');
  return { traceId, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
};

async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const res = await fetch(t.stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
  return { body, requestId: res.headers.get('x-request-id')! };
}

/** The chain of parents from a span up to the trace's root (within the spans received). */
function ancestors(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan[] {
  const chain: ReceivedSpan[] = [];
  for (let s = spans.find((x) => x.spanId === span.parentSpanId); s; s = spans.find((x) => x.spanId === s!.parentSpanId))
    chain.push(s);
  return chain;
}

describe('tracing', () => {
  it('follows a cross-tier query from the client’s traceparent through the gateway into each subgraph and its SQL', async () => {
    const { traceId, traceparent } = newTraceparent();
    const { body, requestId } = await post(
      'query DistrictsStreetsCommunities { districts { name streets { name communities { name } } } }',
      {},
      { ...(await t.as('district-officer')), traceparent },
    );
    expect(body.errors).toBeUndefined();
    const spans = await traceServedBy(traceId, ['gateway', ...TIERS]);

    // The gateway's server span continues the client's trace, named after the operation, with the request id.
    const gateway = spans.find((s) => s.service === 'gateway' && s.kind === SERVER)!;
    expect(gateway).toBeDefined();
    expect(gateway.name).toBe('query DistrictsStreetsCommunities');
    expect(gateway.attributes['cso.request_id']).toBe(requestId);

    for (const tier of TIERS) {
      // The subgraph's request is a child of the gateway's fetch to it, which is under the gateway's request.
      const server = spans.find((s) => s.service === tier && s.kind === SERVER)!;
      expect(server).toBeDefined();
      expect(server.attributes['cso.request_id']).toBe(requestId);
      const fetchSpan = spans.find((s) => s.spanId === server.parentSpanId)!;
      expect(fetchSpan).toMatchObject({ service: 'gateway', kind: CLIENT, name: `fetch ${tier}` });
      expect(ancestors(fetchSpan, spans)).toContainEqual(gateway);

      // Its root field and its SQL statements (text with placeholders) are in the same trace, under its request.
      const rootField = spans.find((s) => s.service === tier && /^Query\./.test(s.name))!;
      expect(ancestors(rootField, spans)[0]).toEqual(server);
      const statements = spans.filter((s) => s.service === tier && s.attributes['db.system.name'] === 'postgresql');
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(statement.kind).toBe(CLIENT);
        expect(ancestors(statement, spans)).toContainEqual(server);
        expect(String(statement.attributes['db.query.text'])).toMatch(/^\s*(select|with|insert|update|delete)\b/i);
      }
    }
    expect(spans.find((s) => s.service === 'district' && s.name === 'Query.districts')).toBeDefined();
    expect(spans.find((s) => s.service === 'street' && s.name === 'Query._entities')).toBeDefined();
  });

  it('starts a trace at the gateway when the client sends none', async () => {
    const before = receiver.spans.length;
    const { body, requestId } = await post('query Districts { districts { name } }', {}, {});
    expect(body.errors).toBeUndefined();
    const gateway = await until(
      async () => {
        await flush();
        return receiver.spans
          .slice(before)
          .find((s) => s.service === 'gateway' && s.kind === SERVER && s.attributes['cso.request_id'] === requestId);
      },
      (span) => span !== undefined,
    );
    expect(gateway!.parentSpanId).toBeUndefined();
    const spans = await traceServedBy(gateway!.traceId, ['gateway', 'district']);
    expect(spans.some((s) => s.service === 'district' && s.name === 'Query.districts')).toBe(true);
  });

  it('links the consumer span of a mutation’s event to the span that emitted it', async () => {
    const { traceId, traceparent } = newTraceparent();
    const { body } = await post(
      'mutation LowerPartyStationThreshold($d: ID!, $input: PoliciesInput!) { updatePolicies(districtId: $d, input: $input) { revision } }',
      { d: districtId, input: { partyStationThreshold: 4 } },
      { ...(await t.as('district-officer')), traceparent },
    );
    expect(body.errors).toBeUndefined();
    const emitter = (await traceServedBy(traceId, ['gateway', 'district'])).find(
      (s) => s.service === 'district' && s.name === 'Mutation.updatePolicies',
    )!;
    expect(emitter).toBeDefined();

    for (const tier of ['street', 'community'] as const) {
      const consumer = await until(
        async () => {
          await t.subgraph(tier).telemetry.flush();
          return receiver.spans.find(
            (s) => s.service === tier && s.kind === CONSUMER && s.links.some((l) => l.spanId === emitter.spanId),
          );
        },
        (span) => span !== undefined,
      );
      expect(consumer!.name).toBe('apply district.policies-updated');
      expect(consumer!.links).toEqual([{ traceId, spanId: emitter.spanId }]);
      // A trace of its own (the consumer runs later, maybe much later), with the statements that applied it.
      expect(consumer!.traceId).not.toBe(traceId);
      expect(consumer!.parentSpanId).toBeUndefined();
      expect(consumer!.attributes['messaging.destination.name']).toBe(`${tier}.district.policies-updated`);
      const statements = receiver
        .trace(consumer!.traceId)
        .filter((s) => s.service === tier && s.attributes['db.system.name'] === 'postgresql');
      expect(statements.some((s) => /\binbox\b/.test(String(s.attributes['db.query.text'])))).toBe(true);
    }
  });
});
