/** jest global tear-down: the last package of the run stops the embedded server. */
export default async function globalTeardown(): Promise<void> {
  const shared = globalThis.__csoTestPostgres;
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  await shared.server?.stop();
  shared.server = null;
  delete process.env.CSO_TEST_PG_URL;
}
