import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO } from '../support/pruned.js';

/**
 * What can be checked of the containers without a Docker engine (none runs on these machines, and
 * the docker client has no compose plugin): each Dockerfile builds its own package from a pruned
 * tree in stages, runs as a non-root user with a health check on /healthz; compose.yaml parses,
 * builds every service from its Dockerfile and gives each tier its own database.
 */
const SERVICES = {
  district: '@cso/district',
  street: '@cso/street',
  community: '@cso/community',
  gateway: '@cso/gateway',
  registry: '@cso/registry',
} as const;
/** Where each service's built entry point lives in its image. */
const ENTRY: Record<string, string> = { gateway: 'gateway', registry: 'schema/registry' };

describe.each(Object.entries(SERVICES))('infra/docker/%s.Dockerfile', (service, pkg) => {
  const dockerfile = readFileSync(join(REPO, 'infra', 'docker', `${service}.Dockerfile`), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'));

  it('prunes, installs, builds and runs its own package in separate stages', () => {
    expect(instructions.filter((l) => l.startsWith('FROM ')).length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toContain(`turbo@2.11.11 prune ${pkg} --docker`);
    expect(dockerfile).toContain(`turbo run build --filter=${pkg}`);
    expect(dockerfile).toContain('npm prune --omit=dev');
    expect(instructions.at(-1)).toBe(`CMD ["node", "${ENTRY[service] ?? `subgraphs/${service}`}/dist/main.js"]`);
  });

  it('runs as a non-root user with a health check on /healthz', () => {
    const user = instructions.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)\b/);
    expect(instructions.find((l) => l.startsWith('HEALTHCHECK'))).toContain('/healthz');
  });

  it('copies into its runtime no other tier and no development-only package', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    for (const other of ['district', 'street', 'community'].filter((t) => t !== service))
      expect(runtime).not.toContain(`subgraphs/${other}`);
    expect(runtime).not.toContain('demo-world');
  });
});

describe('infra/compose.yaml', () => {
  const compose = parse(readFileSync(join(REPO, 'infra', 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<
      string,
      {
        build?: { context: string; dockerfile: string };
        environment?: Record<string, string>;
        healthcheck?: unknown;
        image?: string;
      }
    >;
  };

  it('runs PostgreSQL and every service from its own Dockerfile', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['community', 'district', 'gateway', 'postgres', 'registry', 'street']);
    expect(compose.services.postgres!.image).toMatch(/^postgres:1[5-9]/);
    for (const service of Object.keys(SERVICES)) {
      const build = compose.services[service]!.build!;
      expect(existsSync(join(REPO, 'infra', build.context, build.dockerfile))).toBe(true);
      expect(build.dockerfile).toBe(`infra/docker/${service}.Dockerfile`);
    }
  });

  it('gives each tier its own database and the gateway every tier’s address', () => {
    const databases = ['district', 'street', 'community'].map(
      (t) => new URL(compose.services[t]!.environment!.DATABASE_URL!).pathname,
    );
    expect(databases).toEqual(['/cso_district', '/cso_street', '/cso_community']);
    const init = readFileSync(join(REPO, 'infra', 'docker', 'initdb', '10-databases.sql'), 'utf8');
    for (const db of ['cso_district', 'cso_street', 'cso_community', 'cso_bus', 'cso_registry'])
      expect(init).toContain(`create database ${db};`);
    const gateway = compose.services.gateway!.environment!;
    expect([gateway.DISTRICT_URL, gateway.STREET_URL, gateway.COMMUNITY_URL]).toEqual([
      'http://district:4001/graphql',
      'http://street:4002/graphql',
      'http://community:4003/graphql',
    ]);
  });

  it('runs the schema registry on its own database, and the gateway follows it with the read token', () => {
    const registry = compose.services.registry!.environment!;
    expect(new URL(registry.DATABASE_URL!).pathname).toBe('/cso_registry');
    expect(registry.REGISTRY_READ_TOKEN).toBeDefined();
    const gateway = compose.services.gateway!.environment!;
    expect(gateway.REGISTRY_URL).toBe('http://registry:4010');
    expect(gateway.REGISTRY_READ_TOKEN).toBe(registry.REGISTRY_READ_TOKEN);
  });
});
