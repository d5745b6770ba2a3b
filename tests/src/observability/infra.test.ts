import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, ServiceMetrics } from '@cso/platform';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { REPO } from '../support/pruned.js';
import { parseMetrics } from './prometheus.js';

/**
 * The dashboards and alert rules under infra/observability: the rules pass `promtool check rules`
 * and their unit tests (`promtool test rules`); every metric a dashboard or a rule reads is one the
 * services expose; and the Kubernetes manifests carry them as ConfigMaps, with each service's pods
 * annotated for scraping on the metrics port (never the public one).
 */
const OBSERVABILITY = join(REPO, 'infra', 'observability');
const DASHBOARDS = ['gateway', 'district', 'street', 'community', 'event-pipeline'];
const SERVICES = { gateway: 4000, district: 4001, street: 4002, community: 4003 } as const;
const read = (...path: string[]) => readFileSync(join(OBSERVABILITY, ...path), 'utf8');

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
}
const dashboards = Object.fromEntries(DASHBOARDS.map((d) => [d, JSON.parse(read('dashboards', `${d}.json`)) as Dashboard]));
const rules = parseYaml(read('alerts', 'cso.rules.yaml')) as { groups: { rules: { alert: string; expr: string }[] }[] };

/** Every metric name the platform and the gateway define (`'cso_…'` in their source), with Node's defaults. */
function exposedMetricNames(): Set<string> {
  const names = new Set<string>();
  const scan = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) scan(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
        for (const [, name] of readFileSync(path, 'utf8').matchAll(/'(cso_[a-z_]+)'/g)) names.add(name!);
    }
  };
  scan(join(REPO, 'subgraphs', 'platform', 'src', 'observability'));
  scan(join(REPO, 'gateway', 'src', 'observability'));
  return names;
}

/** Metric names a PromQL expression reads (histogram series by their base name). */
const metricsIn = (expr: string) =>
  [...expr.matchAll(/\b((?:cso|process|nodejs)_[a-z_0-9]+)\b/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, ''));

describe('alert rules', () => {
  const promtool = spawnSync('promtool', ['--version']);
  if (promtool.error)
    throw new Error('promtool is needed to check the alert rules: apt-get install prometheus (Debian), as .ci/run does');

  it('pass promtool check rules', () => {
    const out = execFileSync('promtool', ['check', 'rules', join(OBSERVABILITY, 'alerts', 'cso.rules.yaml')], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/SUCCESS: 9 rules found/);
  });

  it('pass their unit tests (promtool test rules): each alert fires on the series it watches, and only then', () => {
    const run = spawnSync('promtool', ['test', 'rules', 'cso.rules.test.yaml'], {
      cwd: join(OBSERVABILITY, 'alerts'),
      encoding: 'utf8',
    });
    expect({ status: run.status, out: run.stdout + run.stderr }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
  });

  it('cover error rate, p95 latency, outbox age, dead letters and consumer lag', () => {
    const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(alerts).toEqual(
      expect.arrayContaining(['CsoHighErrorRate', 'CsoSlowRequests', 'CsoOutboxStalled', 'CsoDeadLetters', 'CsoConsumerLag']),
    );
  });
});

describe('dashboards and rules read only metrics the services expose', () => {
  let defined: Set<string>;
  beforeAll(async () => {
    defined = exposedMetricNames();
    // Node's default process metrics, as every service's registry exposes them.
    const defaults = parseMetrics(await new ServiceMetrics('check', createLogger('check', 'silent')).render());
    for (const sample of defaults) defined.add(sample.name.replace(/_(bucket|count|sum)$/, ''));
  });

  it('knows the metrics the services define', () => {
    expect(defined.size).toBeGreaterThan(15);
    expect(defined.has('cso_gateway_subgraph_fetch_duration_seconds')).toBe(true);
    expect(defined.has('process_cpu_seconds_total')).toBe(true);
  });

  it.each(DASHBOARDS)('%s dashboard', (name) => {
    const board = dashboards[name]!;
    expect(board.uid).toBe(`cso-${name}`);
    const panels = board.panels.filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThan(4);
    for (const panel of panels) {
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const { expr } of panel.targets!) {
        expect(metricsIn(expr).length).toBeGreaterThan(0);
        for (const metric of metricsIn(expr))
          expect({ panel: panel.title, metric, defined: defined.has(metric) }).toMatchObject({ defined: true });
      }
    }
  });

  it('alert rules', () => {
    for (const rule of rules.groups.flatMap((g) => g.rules))
      for (const metric of metricsIn(rule.expr))
        expect({ alert: rule.alert, metric, defined: defined.has(metric) }).toMatchObject({ defined: true });
  });
});

describe('Kubernetes: infra/k8s/overlays/production', () => {
  const rendered = execFileSync('kubectl', ['kustomize', join(REPO, 'infra', 'k8s', 'overlays', 'production')], {
    encoding: 'utf8',
  });
  type Manifest = {
    kind: string;
    metadata: { name: string; labels?: Record<string, string> };
    data?: Record<string, string>;
    spec?: Record<string, unknown>;
  };
  const manifests = parseAllDocuments(rendered).map((d) => d.toJS() as Manifest);
  const named = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name)!;
  const configMap = (prefix: string) =>
    manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith(`${prefix}-`))!;

  it('carries the dashboards (for Grafana’s sidecar) and the alert rules as ConfigMaps, as they are in the repository', () => {
    const boards = named('ConfigMap', 'cso-dashboards');
    expect(boards.metadata.labels?.grafana_dashboard).toBe('1');
    for (const name of DASHBOARDS) expect(JSON.parse(boards.data![`${name}.json`]!)).toEqual(dashboards[name]);
    expect(named('ConfigMap', 'cso-alert-rules').data!['cso.rules.yaml']).toBe(read('alerts', 'cso.rules.yaml'));
  });

  it.each(Object.entries(SERVICES))(
    '%s: scraped on its metrics port (METRICS_PORT), which its Service exposes and the Ingress never does',
    (service, port) => {
      const deployment = named('Deployment', service) as Manifest & {
        spec: {
          template: {
            metadata: { annotations: Record<string, string> };
            spec: { containers: { ports: { name: string; containerPort: number }[] }[] };
          };
        };
      };
      const ports = deployment.spec.template.spec.containers[0]!.ports;
      const metricsPort = ports.find((p) => p.name === 'metrics')!.containerPort;
      expect(metricsPort).not.toBe(port);
      expect(deployment.spec.template.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(metricsPort),
        'prometheus.io/path': '/metrics',
      });
      expect(configMap(`${service}-config`).data!.METRICS_PORT).toBe(String(metricsPort));
      const servicePorts = (named('Service', service).spec as { ports: { name: string; port: number }[] }).ports;
      expect(servicePorts).toContainEqual(expect.objectContaining({ name: 'metrics', port: metricsPort }));
      for (const ingress of manifests.filter((m) => m.kind === 'Ingress')) {
        expect(JSON.stringify(ingress)).not.toContain('metrics');
        expect(JSON.stringify(ingress)).not.toContain(String(metricsPort));
      }
    },
  );
});
