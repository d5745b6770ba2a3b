import pg from 'pg';
import { postGraphQL } from '@cso/platform/testing';
import { eventually, startProcessTestStack, type ProcessTestStack } from '../support/processes.js';

/**
 * Availability under faults, each service its own process: a tier that restarts fails only its own
 * fields (SERVICE_UNAVAILABLE, named), a locked table leaves readiness answering within a second and a
 * SIGTERM exits within the shutdown deadline, a statement past its timeout is SERVICE_UNAVAILABLE.
 */
let t: ProcessTestStack;
beforeAll(async () => {
  t = await startProcessTestStack({
    env: {
      community: { SHUTDOWN_TIMEOUT_MS: '3000', DATABASE_STATEMENT_TIMEOUT_MS: '1500' },
      street: { SHUTDOWN_TIMEOUT_MS: '3000' },
    },
  });
}, 180_000);
afterAll(() => t?.stop());

const ORGANIZATIONS = '{ organizations(first: 5, filter: { status: FILED }) { nodes { name certificate { number } } } }';

type Organizations = { organizations: { nodes: { name: string; certificate: { number: string } | null }[] } };

it('while the street tier restarts, the community’s fields are answered and the street’s are SERVICE_UNAVAILABLE, naming the service', async () => {
  const officer = await t.as('district-officer');
  const healthy = await t.gql<Organizations>(ORGANIZATIONS, undefined, officer);
  expect(healthy.errors).toBeUndefined();
  expect(healthy.data!.organizations.nodes.every((n) => n.certificate?.number)).toBe(true);

  await t.services.street.stop();
  const during = await t.gql<Organizations>(ORGANIZATIONS, undefined, officer);
  expect(during.status).toBe(200);
  expect(during.data!.organizations.nodes.map((n) => n.name)).toEqual(healthy.data!.organizations.nodes.map((n) => n.name));
  expect(during.data!.organizations.nodes.every((n) => n.certificate === null)).toBe(true);
  expect(during.errors!.length).toBeGreaterThan(0);
  for (const error of during.errors!) {
    expect(error.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', service: 'street', reason: 'UNREACHABLE' });
    expect(error.path).toEqual(['organizations', 'nodes', expect.any(Number), 'certificate']);
    expect(JSON.stringify(error)).not.toMatch(/127\.0\.0\.1|localhost|:\d{4,5}/);
  }

  await t.services.street.start();
  const after = await t.gql<Organizations>(ORGANIZATIONS, undefined, officer);
  expect(after).toMatchObject({ status: 200, data: healthy.data });
  expect(after.errors).toBeUndefined();
}, 60_000);

it('a statement past its timeout is SERVICE_UNAVAILABLE (reason TIMEOUT) and the request ends; nothing of SQL or the server leaks', async () => {
  const holder = new pg.Client({ connectionString: t.databaseUrls.community });
  await holder.connect();
  try {
    await holder.query('begin');
    await holder.query('lock table organization in access exclusive mode');
    const started = Date.now();
    const res = await t.gql(ORGANIZATIONS, undefined, await t.as('district-officer'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.status).toBe(200);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'TIMEOUT', service: 'community' });
    expect(JSON.stringify(res)).not.toMatch(/statement|canceling|relation|select/i);
  } finally {
    await holder.query('rollback');
    await holder.end();
  }
}, 60_000);

it('with a table locked, /readyz answers within a second, and a SIGTERM during a blocked request exits within the shutdown deadline', async () => {
  // The street keeps the default statement timeout (8 s), longer than its shutdown deadline (3 s here).
  const holder = new pg.Client({ connectionString: t.databaseUrls.street });
  await holder.connect();
  await holder.query('begin');
  await holder.query('lock table street in access exclusive mode');
  try {
    const base = t.services.street.url.replace(/\/graphql$/, '');
    const started = Date.now();
    const ready = await fetch(`${base}/readyz`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect([200, 503]).toContain(ready.status);

    // A request straight at the street, blocked on the lock, when the SIGTERM comes.
    const blocked = postGraphQL(
      t.services.street.url,
      '{ street(id: "00000000-0000-5000-8000-000000000000") { name } }',
      undefined,
      await t.as('district-officer'),
    ).catch(() => null);
    await eventually(
      () =>
        t.sql<{ n: string }>(
          'street',
          `select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%street%' and pid <> pg_backend_pid()`,
        ),
      (rows) => Number(rows[0]!.n) > 0,
      10_000,
      50,
    );
    const stopping = Date.now();
    await t.services.street.stop(10_000);
    // SHUTDOWN_TIMEOUT_MS is 3 s here: half of it waits for the request, then its SQL is cancelled.
    expect(Date.now() - stopping).toBeLessThan(3500);
    await blocked;
  } finally {
    await holder.query('rollback');
    await holder.end();
  }
  await t.services.street.start();
}, 60_000);

it('when its caller gives up, a subgraph cancels the SQL the request is running', async () => {
  const holder = new pg.Client({ connectionString: t.databaseUrls.street });
  await holder.connect();
  await holder.query('begin');
  await holder.query('lock table street in access exclusive mode');
  const waiting = () =>
    t.sql<{ n: string }>(
      'street',
      `select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%street%' and pid <> pg_backend_pid()`,
    );
  try {
    const caller = new AbortController();
    const request = fetch(t.services.street.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await t.as('district-officer')) },
      body: JSON.stringify({ query: '{ street(id: "00000000-0000-5000-8000-000000000000") { name } }' }),
      signal: caller.signal,
    }).catch(() => null);
    await eventually(waiting, (rows) => Number(rows[0]!.n) > 0, 10_000, 50);
    caller.abort();
    await request;
    const gaveUp = Date.now();
    // Long before its 8 s statement timeout, and while the lock is still held.
    await eventually(waiting, (rows) => Number(rows[0]!.n) === 0, 2000, 50);
    expect(Date.now() - gaveUp).toBeLessThan(2000);
  } finally {
    await holder.query('rollback');
    await holder.end();
  }
}, 60_000);

it('readiness says 503 within a second when the database does not answer, and 200 again when it does', async () => {
  const base = t.services.street.url.replace(/\/graphql$/, '');
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  // Every connection of the street's pool held by statements that wait on a lock: the readiness query cannot be served.
  const holder = new pg.Client({ connectionString: t.databaseUrls.street });
  await holder.connect();
  await holder.query('begin');
  await holder.query('lock table street in access exclusive mode');
  try {
    const officer = await t.as('district-officer');
    const waiting = Array.from({ length: 12 }, () =>
      postGraphQL(
        t.services.street.url,
        '{ street(id: "00000000-0000-5000-8000-000000000000") { name } }',
        undefined,
        officer,
      ).catch(() => null),
    );
    await eventually(
      () =>
        t.sql<{ n: string }>(
          'street',
          `select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%street%'`,
        ),
      (rows) => Number(rows[0]!.n) >= 10,
      10_000,
    );
    const started = Date.now();
    const ready = await fetch(`${base}/readyz`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ready.status).toBe(503);
    await holder.query('rollback');
    await Promise.all(waiting);
  } finally {
    await holder.end().catch(() => undefined);
  }
  await eventually(
    async () => (await fetch(`${base}/readyz`)).status,
    (s) => s === 200,
    10_000,
  );
}, 60_000);
