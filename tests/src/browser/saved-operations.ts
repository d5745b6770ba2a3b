import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoUser } from '@cso/demo-world';
import { REPO } from '../support/pruned.js';

/** A built-in saved operation of the IDE, read from its file as the IDE reads it. */
export interface SavedOperationFile {
  file: string;
  name: string;
  zh: string;
  en: string;
  roles: string[];
  query: string;
  variables: string;
}

export const OPERATIONS_DIR = join(REPO, 'gateway', 'workbench', 'src', 'operations');

export function savedOperations(): SavedOperationFile[] {
  return readdirSync(OPERATIONS_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(OPERATIONS_DIR, file), 'utf8');
      const header = Object.fromEntries(
        [...text.matchAll(/^#\s*(zh|en|roles|variables):\s*(.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()]),
      );
      const query = text.replace(/^#.*\n/gm, '').trim();
      return {
        file,
        name: /query\s+(\w+)/.exec(query)?.[1] ?? '',
        zh: header.zh ?? '',
        en: header.en ?? '',
        roles: (header.roles ?? 'PUBLIC').split(',').map((r) => r.trim()),
        query,
        variables: header.variables ?? '',
      };
    });
}

/** Today's year and last month in Asia/Shanghai, as the IDE fills them in. */
export function calendar(now = new Date()): { thisYear: number; lastYear: number; lastMonth: string } {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(now)
    .split('-')
    .map(Number) as [number, number];
  const last = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  return { thisYear: year, lastYear: year - 1, lastMonth: last };
}

/** The variables of a saved operation for a user, its placeholders filled in as the IDE does. */
export function variablesFor(operation: SavedOperationFile, user: DemoUser | null): Record<string, unknown> | undefined {
  if (!operation.variables) return undefined;
  const { thisYear, lastYear, lastMonth } = calendar();
  const values: Record<string, string> = {
    thisYear: String(thisYear),
    lastYear: String(lastYear),
    lastMonth,
    ...Object.fromEntries(Object.entries(user ?? {}).filter(([k, v]) => k.endsWith('Id') && typeof v === 'string')),
  };
  return JSON.parse(operation.variables.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole)) as Record<
    string,
    unknown
  >;
}
