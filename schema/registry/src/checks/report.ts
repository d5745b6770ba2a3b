import type { LaunchSummary, OperationClient } from '../model.js';
import type { SchemaChange } from './changes.js';
import type { BrokenOperation, OperationRef } from './operations.js';

/** The outcome of checking one proposed subgraph version: what `check` prints and `publish` acts on. */
export interface CheckReport {
  subgraph: string;
  label: string | null;
  url: string;
  /** The launch the proposal was compared with (null: the registry had none). */
  baseLaunchId: number | null;
  ok: boolean;
  /** The proposal equals the version in service (SDL, routing URL and event contracts). */
  unchanged: boolean;
  composition: { ok: boolean; errors: string[]; hints: string[] };
  changes: (SchemaChange & { usedBy: OperationRef[] })[];
  operations: { checked: number; invalidToday: number; broken: BrokenOperation[] };
  events: { problems: string[] };
  /** Why it is refused, one line each (empty when it passes). */
  refusals: string[];
}

export interface PublishOutcome {
  report: CheckReport;
  /** The launch now in service: new, or the current one when nothing changed. */
  launch: LaunchSummary | null;
  published: boolean;
}

const clientsOf = (clients: OperationClient[]) =>
  clients.length
    ? clients
        .slice(0, 3)
        .map((c) => `${c.name || 'unnamed client'}${c.version ? ` ${c.version}` : ''}`)
        .join(', ') + (clients.length > 3 ? ` and ${clients.length - 3} more` : '')
    : 'no client name';

export const describeOperation = (op: OperationRef) =>
  `${op.name ?? `anonymous ${op.hash.slice(0, 12)}`} (${clientsOf(op.clients)})`;

/** The report as people read it in a terminal or a CI log. */
export function formatReport(
  report: CheckReport,
  action: 'check' | 'publish',
  outcome?: Pick<PublishOutcome, 'launch' | 'published'>,
): string {
  const lines: string[] = [];
  const what = `${report.subgraph}${report.label ? ` ${report.label}` : ''} at ${report.url}`;
  lines.push(`${action} ${what} against ${report.baseLaunchId ? `launch #${report.baseLaunchId}` : 'an empty registry'}`);
  if (report.unchanged) lines.push('  the registry already serves this SDL, routing URL and event contracts');

  lines.push(report.composition.ok ? '  composition: ok' : '  composition: FAILED');
  for (const error of report.composition.errors) lines.push(`    - ${error.replace(/\n/g, '\n      ')}`);

  const count = (level: string) => report.changes.filter((c) => c.level === level).length;
  if (report.composition.ok) {
    lines.push(
      `  schema changes: ${count('BREAKING')} breaking, ${count('DANGEROUS')} dangerous, ${count('SAFE')} safe` +
        (report.changes.length ? '' : ' (no change to the API schema)'),
    );
    for (const change of report.changes) {
      const use =
        change.level === 'SAFE'
          ? ''
          : change.usedBy.length
            ? ` — used by ${change.usedBy.map(describeOperation).join('; ')}`
            : change.level === 'BREAKING'
              ? ' — breaking but unused: no operation in use touches it'
              : '';
      lines.push(`    ${change.level.padEnd(9)} ${change.message}${use}`);
    }
    lines.push(
      `  operations: ${report.operations.checked} in use checked` +
        (report.operations.invalidToday ? ` (${report.operations.invalidToday} already invalid today, ignored)` : '') +
        (report.operations.broken.length ? `, ${report.operations.broken.length} would break:` : ', none breaks'),
    );
    for (const op of report.operations.broken) lines.push(`    - ${describeOperation(op)}: ${op.errors.join(' ')}`);
  }
  lines.push(report.events.problems.length ? '  event contracts: REFUSED' : '  event contracts: ok');
  for (const problem of report.events.problems) lines.push(`    - ${problem}`);

  if (!report.ok) {
    lines.push(`result: REFUSED`);
    for (const refusal of report.refusals) lines.push(`  - ${refusal}`);
  } else if (action === 'publish' && outcome) {
    lines.push(
      outcome.published && outcome.launch
        ? `result: PUBLISHED as launch #${outcome.launch.id}`
        : `result: nothing to publish${outcome.launch ? ` (launch #${outcome.launch.id} stays in service)` : ''}`,
    );
  } else lines.push('result: PASSED');
  return `${lines.join('\n')}\n`;
}
