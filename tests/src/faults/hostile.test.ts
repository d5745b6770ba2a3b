import { GATEWAY_SECRET_HEADER } from '@cso/platform';
import { logEntries, startProcessTestStack, type ProcessTestStack } from '../support/processes.js';

/**
 * Hostile requests, as an attacker would send them, through the gateway and straight at each
 * subgraph (each service its own process): malformed operations, variables, headers and bodies.
 * Not one answer is a 500, and none carries an address (host:port), a stack trace or SQL; nothing a
 * client sent makes a service log an error with a stack.
 */
let t: ProcessTestStack;
beforeAll(async () => {
  t = await startProcessTestStack();
}, 180_000);
afterAll(() => t?.stop());

interface Attempt {
  name: string;
  body: string;
  headers: Record<string, string>;
}

const json = (value: unknown) => JSON.stringify(value);
const deep = (n: number) => {
  let v = '[]';
  for (let i = 0; i < n; i++) v = `[${v}]`;
  return v;
};

/** At least a thousand malformed requests, generated from families of mistakes and attacks. */
function attempts(token: string): Attempt[] {
  const out: Attempt[] = [];
  const add = (name: string, body: string, headers: Record<string, string> = {}) =>
    out.push({ name, body, headers: { 'content-type': 'application/json', ...headers } });
  const auth = { authorization: `Bearer ${token}` };
  const queries = [
    '{',
    '{ organizations { nodes { name } }',
    'query { ... on Query { __typename',
    '{ nope }',
    '{ organizations(first: "ten") { totalCount } }',
    '{ organizations(first: -5) { totalCount } }',
    '{ organizations(first: 100000) { totalCount } }',
    '{ organizations(after: "not-a-cursor") { totalCount } }',
    '{ organization(id: "\'; drop table organization; --") { name } }',
    '{ organization(id: "00000000-0000-0000-0000-000000000000") { name members { nodes { name } } } }',
    '{ district(id: "x") { name } }',
    'subscription { __typename }',
    'query A { __typename } query B { __typename }',
    'fragment F on Query { ...F } { ...F }',
    '{ __schema { types { name } } }',
    '{ _entities(representations: [{ __typename: "Organization", id: "1" }]) { ... on Organization { name } } }',
    '{ _service { sdl } }',
    `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
    `{ organizations(first: 100) { nodes { community { organizations(first: 100) { nodes { community { organizations(first: 100) { nodes { name } } } } } } } } }`,
    `{ __typename ${'@skip(if: false) '.repeat(50)} }`,
    'mutation { addMember(organizationId: "x", input: {}) { id } }',
    'mutation { setPartyStation(organizationId: "\\u0000", hasPartyStation: true) { id } }',
    'mutation { lodgeObjection(filingId: "x", input: { content: "", contactName: "", contactPhone: "" }) { id } }',
    'mutation { updatePolicies(districtId: "x", input: { minimumMembers: 99999999999 }) { revision } }',
    `{ organizations(filter: { search: "${'%'.repeat(300)}" }) { totalCount } }`,
    '{ organizations(filter: { districtId: "not-an-id", streetId: 5 }) { totalCount } }',
    '{ organizations { nodes { name } } } extra',
    'query ($x: Int!) { organizations(first: $x) { totalCount } }',
    'query ($d: DateTimeISO) { __typename }',
    '"just a string"',
  ];
  const variables: unknown[] = [
    null,
    {},
    { x: 'NaN' },
    { x: 1e308 },
    { x: [1, 2, 3] },
    { x: { nested: true } },
    { x: '\u0000' },
    { d: 'not-a-date' },
    { r: { note: 'x', plannedStart: '2026-13-45T99:99:99Z' } },
  ];
  for (const query of queries) {
    for (const v of variables) add(`query × variables: ${query.slice(0, 30)}`, json({ query, variables: v }), auth);
    add(`public: ${query.slice(0, 30)}`, json({ query }));
  }
  const deepVariable = `{"query":"query ($r: MajorActivityReportRevision!) { resubmitMajorActivityReport(id: \\"x\\", revision: $r) { id } }","variables":{"r":{"note":${deep(5000)}}}}`;
  add('5,000-deep variables', deepVariable, auth);
  add('5,000-deep variables (public)', deepVariable);
  const bodies = [
    '',
    'null',
    '[]',
    '[{"query":"{ __typename }"},{"query":"{ __typename }"}]',
    '{"query": 5}',
    '{"query": null}',
    '{"variables": {}}',
    '{"query":"{ __typename }","operationName":5}',
    '{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}',
    '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}',
    '{"query":"{ __typename }","operationName":"Nope"}',
    '{not json',
    `{"query":"${'a'.repeat(200_000)}"}`,
    '\u0000\u0000\u0000',
  ];
  for (const body of bodies) {
    add(`body: ${body.slice(0, 20)}`, body, auth);
    add(`body (public): ${body.slice(0, 20)}`, body);
  }
  const headerSets: Record<string, string>[] = [
    { authorization: 'Bearer' },
    { authorization: 'Bearer not.a.token' },
    { authorization: 'Basic dXNlcjpwYXNz' },
    { authorization: `Bearer ${token}x` },
    { authorization: `Bearer ${token.split('.').slice(0, 2).join('.')}.` },
    { authorization: `Bearer ${'a'.repeat(6000)}` },
    { 'content-type': 'text/plain' },
    { 'content-type': 'application/x-www-form-urlencoded' },
    { 'x-request-id': '../../../etc/passwd' },
    { 'x-request-id': 'a'.repeat(500) },
    { 'x-correlation-id': '<script>' },
    { 'idempotency-key': ' '.repeat(10) },
    { 'idempotency-key': 'k'.repeat(500) },
    { [GATEWAY_SECRET_HEADER]: 'guessed-secret-guessed-secret' },
    { 'x-registry-token': 'guessed-registry-token-0000' },
    { 'apollographql-client-name': 'x'.repeat(1000) },
  ];
  const probes = [
    '{ organizations(first: 2) { nodes { name purpose leader { name } } } }',
    'mutation { setPartyStation(organizationId: "x", hasPartyStation: true) { id } }',
    '{ _service { sdl } }',
  ];
  for (const headers of headerSets)
    for (const query of probes)
      for (let i = 0; i < 3; i++) add(`headers ${Object.keys(headers)[0]}`, json({ query, variables: { i } }), headers);
  // Generated variations: every query with random junk appended or truncated.
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  while (out.length < 1100) {
    const query = queries[Math.floor(rnd() * queries.length)]!;
    const cut = query.slice(0, Math.floor(rnd() * query.length));
    const junk = ['}', '{', '$', '@', '"', '\\', '...', '#', '\u00ff', '(', ')'][Math.floor(rnd() * 11)]!;
    add('mutated', json({ query: cut + junk + query.slice(cut.length) }), rnd() < 0.5 ? auth : {});
  }
  return out;
}

const ADDRESS = /\b(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1\]):\d{2,5}\b/;
const STACK = /\bat [\w.<>$]+ \(|\.(?:ts|js):\d+:\d+|node_modules/;
const SQL =
  /\b(?:select\s.+\sfrom|insert into|update\s+"?\w+"?\s+set|delete from|relation "|syntax error at or near|duplicate key value)\b/i;

async function send(url: string, attempt: Attempt, extra: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { ...attempt.headers, ...extra }, body: attempt.body });
  return { status: res.status, text: await res.text() };
}

async function sendAll(url: string, list: Attempt[], extra: Record<string, string> = {}) {
  const results: { name: string; status: number; text: string }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < list.length) {
        const attempt = list[next++]!;
        results.push({ name: attempt.name, ...(await send(url, attempt, extra)) });
      }
    }),
  );
  return results;
}

function problems(results: { name: string; status: number; text: string }[]) {
  return {
    status500: results.filter((r) => r.status >= 500).map((r) => `${r.status} ${r.name}`),
    addresses: results.filter((r) => ADDRESS.test(r.text)).map((r) => r.name),
    stacks: results.filter((r) => STACK.test(r.text)).map((r) => r.name),
    sql: results.filter((r) => SQL.test(r.text)).map((r) => r.name),
  };
}

const clean = { status500: [], addresses: [], stacks: [], sql: [] };

it('through the gateway: over a thousand hostile requests, not one 500, address, stack or SQL; no error log with a stack', async () => {
  const list = attempts((await t.as('district-officer')).authorization!.slice(7));
  expect(list.length).toBeGreaterThanOrEqual(1000);
  const before = Object.fromEntries(Object.entries(t.logs).map(([s, l]) => [s, l.length]));
  const results = await sendAll(t.services.gateway.url, list);
  expect(results).toHaveLength(list.length);
  expect(problems(results)).toEqual(clean);
  // Client mistakes are answered, not logged as errors with a stack, by the gateway or any subgraph.
  const errors = Object.entries(t.logs).flatMap(([service, lines]) =>
    logEntries(lines.slice(before[service]))
      .filter((e) => JSON.stringify(e).includes('"stack"'))
      .map((e) => `${service}: ${String(e.msg)}: ${String((e.err as { message?: string } | undefined)?.message)}`),
  );
  expect(errors).toEqual([]);
}, 300_000);

it.each(['district', 'street', 'community'] as const)(
  'straight at the %s subgraph, with and without the gateway secret: not one 500, address, stack or SQL',
  async (tier) => {
    const list = attempts((await t.as('district-officer')).authorization!.slice(7)).filter((_, i) => i % 3 === 0);
    const results = [
      ...(await sendAll(t.services[tier].url, list)),
      ...(await sendAll(t.services[tier].url, list.slice(0, 150), { [GATEWAY_SECRET_HEADER]: t.auth.gatewaySecrets[tier] })),
    ];
    expect(results.length).toBeGreaterThanOrEqual(500);
    expect(problems(results)).toEqual(clean);
  },
  300_000,
);
