import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO } from '../support/pruned.js';

/** The Kubernetes manifests of every environment, rendered offline by `kubectl kustomize` and checked. */
interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
}
interface Container {
  image: string;
  command?: string[];
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  lifecycle?: { preStop?: unknown };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
const podSpec = (m: Manifest) => (m.spec as { template: { spec: { containers: Container[] } } }).template.spec;

const SERVICES = ['gateway', 'district', 'street', 'community', 'registry'];

describe.each(['development', 'staging', 'production'])('infra/k8s/overlays/%s', (env) => {
  const rendered = execFileSync('kubectl', ['kustomize', join(REPO, 'infra', 'k8s', 'overlays', env)], { encoding: 'utf8' });
  const manifests = parseAllDocuments(rendered).map((d) => d.toJS() as Manifest);
  const ofKind = (kind: string) => manifests.filter((m) => m.kind === kind);

  it('has a Deployment and a Service per service, in the environment’s namespace', () => {
    expect(
      ofKind('Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual([...SERVICES].sort());
    expect(
      ofKind('Service')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual([...SERVICES].sort());
    expect(manifests.filter((m) => m.kind !== 'Namespace').every((m) => m.metadata.namespace === `cso-${env}`)).toBe(true);
  });

  it('gives every Deployment readiness on /readyz, liveness on /healthz, a preStop drain, requests and limits, and a pinned image', () => {
    for (const deployment of ofKind('Deployment')) {
      for (const c of podSpec(deployment).containers) {
        expect({
          name: deployment.metadata.name,
          readiness: c.readinessProbe?.httpGet?.path,
          liveness: c.livenessProbe?.httpGet?.path,
        }).toEqual({
          name: deployment.metadata.name,
          readiness: '/readyz',
          liveness: '/healthz',
        });
        expect(c.lifecycle?.preStop).toBeDefined();
        expect(
          c.resources?.requests?.cpu && c.resources?.requests?.memory && c.resources?.limits?.cpu && c.resources?.limits?.memory,
        ).toBeTruthy();
        expect(c.image).toMatch(/^cso\/[a-z]+:[\w.-]+$/);
        expect(c.image).not.toMatch(/:latest$/);
      }
    }
  });

  it('has a PodDisruptionBudget and a HorizontalPodAutoscaler per Deployment', () => {
    const targets = (kind: string, key: (m: Manifest) => string) => ofKind(kind).map(key).sort();
    expect(targets('PodDisruptionBudget', (m) => m.metadata.name)).toEqual([...SERVICES].sort());
    expect(
      targets('HorizontalPodAutoscaler', (m) => (m.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name),
    ).toEqual([...SERVICES].sort());
  });

  it('runs each tier’s migrations, and the registry’s, in a Job with the service’s own image', () => {
    const jobs = ofKind('Job').map((j) => ({ name: j.metadata.name, container: podSpec(j).containers[0]! }));
    expect(jobs.map((j) => j.name).sort()).toEqual([
      'community-migrate',
      'district-migrate',
      'registry-migrate',
      'street-migrate',
    ]);
    for (const { name, container } of jobs) {
      const service = name.replace('-migrate', '');
      expect(container.image.startsWith(`cso/${service}:`)).toBe(true);
      expect(container.command).toEqual([
        'node',
        `${service === 'registry' ? 'schema' : 'subgraphs'}/${service}/dist/migrate.js`,
      ]);
    }
  });

  it('has the gateway follow the registry, and the registry migrate by its Job', () => {
    const config = (name: string) =>
      ofKind('ConfigMap').find((m) => m.metadata.name.startsWith(`${name}-config`)) as unknown as {
        data: Record<string, string>;
      };
    expect(config('gateway').data.REGISTRY_URL).toBe('http://registry:4010');
    expect(config('registry').data.MIGRATE_ON_START).toBe('false');
  });

  it('takes configuration from ConfigMaps and Secrets', () => {
    for (const deployment of ofKind('Deployment')) {
      const refs = (
        podSpec(deployment).containers[0] as unknown as {
          envFrom: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
        }
      ).envFrom;
      expect(refs.some((r) => r.configMapRef)).toBe(true);
      expect(refs.some((r) => r.secretRef?.name === `${deployment.metadata.name}-secrets`)).toBe(true);
    }
  });
});
