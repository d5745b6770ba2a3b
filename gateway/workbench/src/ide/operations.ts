import type { Session } from '../shared/session';

/** A saved operation: built in (from src/operations/*.graphql) or the analyst's own (kept in this browser). */
export interface SavedOperation {
  id: string;
  name: string;
  zh: string;
  en: string;
  /** Roles it is for; `PUBLIC` is for everyone, signed in or not. Empty for the analyst's own. */
  roles: string[];
  query: string;
  /** JSON text; may hold {{placeholders}} filled in when the operation is opened. */
  variables: string;
  builtIn: boolean;
}

const files = import.meta.glob<string>('../operations/*.graphql', { query: '?raw', import: 'default', eager: true });

/** Reads a file's header (`# zh:`, `# en:`, `# roles:`, `# variables:`) and keeps the operation below it. */
export function parseOperationFile(id: string, text: string): SavedOperation {
  const header: Record<string, string> = {};
  const lines = text.split('\n');
  let i = 0;
  for (; i < lines.length; i++) {
    const match = /^#\s*(zh|en|roles|variables):\s*(.*)$/.exec(lines[i]!);
    if (!match) break;
    header[match[1]!] = match[2]!.trim();
  }
  const query = lines.slice(i).join('\n').trim();
  return {
    id,
    name: /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? id,
    zh: header.zh ?? '',
    en: header.en ?? '',
    roles: (header.roles ?? 'PUBLIC').split(',').map((r) => r.trim()),
    query: `${query}\n`,
    variables: header.variables ?? '',
    builtIn: true,
  };
}

export const BUILT_IN: SavedOperation[] = Object.entries(files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, text]) => parseOperationFile(path.replace(/^.*\/|\.graphql$/g, ''), text));

export function isFor(operation: SavedOperation, session: Session | null): boolean {
  return operation.roles.includes('PUBLIC') || (session !== null && operation.roles.includes(session.role));
}

/** Today in Asia/Shanghai, the calendar every rule of the graph uses. */
function shanghaiToday(): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).formatToParts(
    new Date(),
  );
  return {
    year: Number(parts.find((p) => p.type === 'year')!.value),
    month: Number(parts.find((p) => p.type === 'month')!.value),
  };
}

/** Placeholders of saved variables: the session's scope ids, and dates in Asia/Shanghai. */
export function placeholders(session: Session | null): Record<string, string> {
  const { year, month } = shanghaiToday();
  const last = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  return {
    thisYear: String(year),
    lastYear: String(year - 1),
    lastMonth: `${last.year}-${String(last.month).padStart(2, '0')}`,
    ...(session?.claims ?? {}),
  };
}

/** The variables of an operation with its placeholders filled in, pretty-printed; unknown placeholders stay visible. */
export function fillVariables(template: string, session: Session | null): string {
  if (!template.trim()) return '';
  const values = placeholders(session);
  const filled = template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
  try {
    return JSON.stringify(JSON.parse(filled), null, 2);
  } catch {
    return filled;
  }
}

const MINE = 'cso.workbench.saved-operations';

export function loadMine(): SavedOperation[] {
  try {
    const stored = JSON.parse(localStorage.getItem(MINE) ?? '[]') as unknown;
    return Array.isArray(stored) ? stored.flatMap((o) => (validOperation(o) ? [{ ...o, builtIn: false }] : [])) : [];
  } catch {
    return [];
  }
}

export function storeMine(operations: SavedOperation[]): void {
  localStorage.setItem(MINE, JSON.stringify(operations.filter((o) => !o.builtIn)));
}

export function validOperation(value: unknown): value is SavedOperation {
  if (!value || typeof value !== 'object') return false;
  const o = value as Record<string, unknown>;
  return (
    typeof o.id === 'string' &&
    typeof o.name === 'string' &&
    typeof o.query === 'string' &&
    o.query.length < 50_000 &&
    typeof (o.variables ?? '') === 'string' &&
    typeof (o.zh ?? '') === 'string' &&
    typeof (o.en ?? '') === 'string'
  );
}

/** The file analysts exchange: a versioned list of operations. */
export interface OperationsFile {
  format: 'cso-workbench-operations';
  version: 1;
  exportedAt: string;
  operations: Pick<SavedOperation, 'id' | 'name' | 'zh' | 'en' | 'roles' | 'query' | 'variables'>[];
}

export function toFile(operations: SavedOperation[]): OperationsFile {
  return {
    format: 'cso-workbench-operations',
    version: 1,
    exportedAt: new Date().toISOString(),
    operations: operations.map(({ id, name, zh, en, roles, query, variables }) => ({
      id,
      name,
      zh,
      en,
      roles,
      query,
      variables,
    })),
  };
}

/** The operations of an imported file; an error in words when it is not one. */
export function fromFile(text: string): SavedOperation[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return '文件不是 JSON The file is not JSON.';
  }
  const file = parsed as Partial<OperationsFile>;
  if (file.format !== 'cso-workbench-operations' || !Array.isArray(file.operations))
    return '不是工作台导出的查询文件 Not a workbench operations file.';
  const valid = file.operations.filter(validOperation);
  if (valid.length !== file.operations.length)
    return `${file.operations.length - valid.length} 条查询无效 operations are invalid.`;
  return valid.map((o) => ({
    ...o,
    zh: o.zh ?? '',
    en: o.en ?? '',
    roles: Array.isArray(o.roles) ? o.roles : [],
    variables: o.variables ?? '',
    builtIn: false,
  }));
}
