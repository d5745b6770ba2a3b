import { FilingForwarded, FilingProgressed } from '@cso/contracts';
import { applyOnce, type Consumer, type EventEnvelope } from '@cso/platform';
import { filingConsumers as communityConsumers } from '@cso/community';
import { bootstrap as bootstrapStreet, filingConsumers as streetConsumers } from '@cso/street';
import { DECIDE, roster, streetStage, submitAndForward, until } from './support/filing.js';
import { startTestStack, type TestStack } from './support/stack.js';

const SIZE = 0.2;
let t: TestStack;
let communityId: string;

beforeAll(async () => {
  t = await startTestStack({ seedSize: SIZE, overrides: { JOB_INTERVAL_MS: 200 } });
  communityId = t.users.find((u) => u.login === 'community-officer')!.communityId!;
});
afterAll(() => t?.stop());

const sql = async <T extends object[]>(tier: 'district' | 'street' | 'community', query: string, params: unknown[] = []) =>
  t.subgraph(tier).orm.em.fork().execute<T>(query, params, 'all');
const consumer = (list: Consumer<unknown>[], type: string) => list.find((c) => c.contract.type === type)!;

describe('no forwarded filing is lost or applied twice', () => {
  it('with the street subgraph stopped, 50 filings are forwarded; restarted, it has all 50 in its queue exactly once', async () => {
    const street = t.subgraph('street');
    const { port, config } = street;
    await street.stop();

    const forwarded: string[] = [];
    for (let i = 0; i < 50; i++) {
      const { id } = await submitAndForward(t, communityId, `测试批量志愿队${i + 1}`, roster(10, { seed: i }));
      forwarded.push(id);
    }
    // The events wait in the community's outbox or in the street's durable queue.
    const restarted = await bootstrapStreet({ ...config, PORT: port, SEED_ON_START: false });
    t.stack.subgraphs.street = restarted;

    const QUEUE =
      'query($after: String) { forwardedFilings(filter: { stage: PENDING }, first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }';
    const queue = async () => {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const res: {
          data?: {
            forwardedFilings: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
          } | null;
        } = await t.gql(QUEUE, { after }, await t.as('street-officer'));
        ids.push(...res.data!.forwardedFilings.nodes.map((n) => n.id));
        if (!res.data!.forwardedFilings.pageInfo.hasNextPage) return ids;
        after = res.data!.forwardedFilings.pageInfo.endCursor;
      }
    };
    const ids = await until(queue, (list) => forwarded.every((id) => list.includes(id)), 60_000);
    expect(ids.filter((id) => forwarded.includes(id))).toHaveLength(50);
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await sql<{ n: string }[]>('street', 'select count(*) as n from street_filing where id = any(?::uuid[])', [
      `{${forwarded.join(',')}}`,
    ]);
    expect(Number(rows[0]!.n)).toBe(50);
  }, 120_000);

  it('an event delivered twice, or a stale one, changes nothing the second time', async () => {
    const { id, organizationId } = await submitAndForward(t, communityId, '测试重复投递队', roster(10, { seed: 77 }));
    await until(
      () => streetStage(t, id),
      (s) => s === 'PENDING',
    );
    const approved = await t.gql(DECIDE, { id, d: 'APPROVE', o: '同意' }, await t.as('street-officer'));
    expect(approved.errors).toBeUndefined();
    await until(
      async () =>
        (await sql<{ status: string }[]>('community', 'select status from filing_application where id = ?', [id]))[0]?.status,
      (s) => s === 'PUBLIC_NOTICE',
    );

    // The community's forward event, delivered again to the street: the queue entry stays one.
    const [forward] = await sql<{ id: string; payload: unknown; occurred_at: Date }[]>(
      'community',
      `select id, payload, occurred_at from outbox where type = ? and payload->>'filingId' = ?`,
      [FilingForwarded.type, id],
    );
    const envelope = (
      row: { id: string; payload: unknown; occurred_at: Date },
      type: string,
      producer: string,
    ): EventEnvelope => ({
      id: row.id,
      type,
      version: 1,
      producer,
      occurredAt: new Date(row.occurred_at).toISOString(),
      payload: row.payload,
    });
    const streetOrm = t.subgraph('street').orm;
    expect(
      await applyOnce(
        streetOrm,
        'street',
        consumer(streetConsumers, FilingForwarded.type),
        envelope(forward!, FilingForwarded.type, 'community'),
        t.subgraph('street').log,
      ),
    ).toBe(false);
    expect((await sql<object[]>('street', 'select 1 from street_filing where id = ?', [id])).length).toBe(1);

    // The street's approval, delivered again to the community: one history step, one status change.
    const [progress] = await sql<{ id: string; payload: { version: number }; occurred_at: Date }[]>(
      'street',
      `select id, payload, occurred_at from outbox where type = ? and payload->>'filingId' = ?`,
      [FilingProgressed.type, id],
    );
    const communityOrm = t.subgraph('community').orm;
    const steps = async () =>
      (await sql<{ action: string }[]>('community', 'select action from filing_step where filing_id = ? order by at', [id])).map(
        (s) => s.action,
      );
    const before = await steps();
    expect(before.filter((a) => a === 'NOTICE_OPENED')).toHaveLength(1);
    expect(
      await applyOnce(
        communityOrm,
        'community',
        consumer(communityConsumers, FilingProgressed.type),
        envelope(progress!, FilingProgressed.type, 'street'),
        t.subgraph('community').log,
      ),
    ).toBe(false);

    // A stale event under a new id (a version the community has passed) is ignored too.
    const stale = {
      ...envelope(progress!, FilingProgressed.type, 'street'),
      id: '6f1c2d3e-4b5a-4c6d-8e7f-001122334455',
      payload: { ...progress!.payload, stage: 'REJECTED' },
    };
    expect(
      await applyOnce(
        communityOrm,
        'community',
        consumer(communityConsumers, FilingProgressed.type),
        stale,
        t.subgraph('community').log,
      ),
    ).toBe(true);
    expect(await steps()).toEqual(before);
    const [org] = await sql<{ status: string }[]>('community', 'select status from organization where id = ?', [organizationId]);
    expect(org!.status).toBe('PUBLIC_NOTICE');
  });
});
