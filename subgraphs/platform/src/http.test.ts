import { ApolloServer } from '@apollo/server';
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'node:url';
import { bodyErrorHandler, graphqlMiddleware, searchOf } from './http.js';

/** Apollo Server behind express through our own middleware, over real HTTP. */

let server: Server;
let apollo: ApolloServer<{ who: string }>;
let base: string;

beforeAll(async () => {
  apollo = new ApolloServer<{ who: string }>({
    typeDefs: 'type Query { hello(name: String): String, who: String }',
    resolvers: { Query: { hello: (_: unknown, { name }: { name?: string }) => `你好 ${name ?? ''}`, who: (_a, _b, c) => c.who } },
  });
  await apollo.start();
  const app = express();
  app.use(
    '/graphql',
    express.json({ limit: '1kb' }),
    graphqlMiddleware(apollo, async ({ req }) => ({ who: String(req.headers['x-who'] ?? 'nobody') })),
  );
  // No body parser in front: the middleware refuses rather than guess.
  app.use(
    '/unparsed',
    graphqlMiddleware(apollo, async () => ({ who: 'x' })),
  );
  app.use(bodyErrorHandler);
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await apollo.stop();
  await new Promise((resolve) => server.close(resolve));
});

describe('the query string of a request target', () => {
  const targets = [
    '/graphql',
    '/',
    '/?query=%7Bwho%7D',
    '/graphql?a=1&b=2',
    '/?a=1#part',
    '/?',
    '/path#x?y',
    '/?a=?b',
    '/a?b#c#d',
    '#',
  ];
  it.each(targets)('%s: as the legacy url.parse read it', (target) => {
    expect(searchOf(target)).toBe(parse(target).search ?? '');
  });

  it('agrees with url.parse on random targets made of the characters that matter', () => {
    const alphabet = ['/', '?', '#', '&', '=', 'a', '%7B', '队'];
    for (let i = 0; i < 500; i++) {
      const target =
        '/' +
        Array.from({ length: Math.floor(Math.random() * 12) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join(
          '',
        );
      expect([target, searchOf(target)]).toEqual([target, parse(target).search ?? '']);
    }
  });
});

/** A POST of a JSON body (a string, sent as it is) to a path of the test server. */
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

const firstCode = async (res: Response) =>
  ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;

describe('graphqlMiddleware', () => {
  it('answers a POST with its context, a JSON type and the exact length of the body', async () => {
    const res = await post(
      '/graphql',
      JSON.stringify({ query: 'query($n: String) { hello(name: $n) who }', variables: { n: '社区' } }),
      { 'x-who': 'officer' },
    );
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(res.headers.get('etag')).toBeNull();
    expect(JSON.parse(text)).toEqual({ data: { hello: '你好 社区', who: 'officer' } });
  });

  it('reads a GET query from the query string', async () => {
    const res = await fetch(`${base}/graphql?query=${encodeURIComponent('{ hello(name: "街道") }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { hello: '你好 街道' } });
  });

  it("passes on Apollo Server's own refusals with their status", async () => {
    const res = await post('/graphql', JSON.stringify({ query: '{ nope }' }));
    expect(res.status).toBe(400);
    expect(await firstCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers a body that is too large or not JSON as GraphQL-shaped errors', async () => {
    const big = await post('/graphql', JSON.stringify({ query: `{ hello(name: "${'x'.repeat(2000)}") }` }));
    expect(big.status).toBe(413);
    expect(await firstCode(big)).toBe('PAYLOAD_TOO_LARGE');
    const bad = await post('/graphql', '{"query":');
    expect(bad.status).toBe(400);
    expect(await firstCode(bad)).toBe('BAD_REQUEST');
  });

  it('refuses to run without a parsed body, as a JSON error and not a stack trace', async () => {
    const res = await post('/unparsed', JSON.stringify({ query: '{ who }' }));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    expect(text).not.toMatch(/at .*\.js/);
  });
});
