/** A list found in a GraphQL result: where it is and its rows. */
export interface FoundList {
  path: string;
  rows: unknown[];
}

/** Every non-empty list in a result's data, outermost first (a connection's `nodes`, `streets`, `byStatus`…). */
export function findLists(data: unknown, path: string[] = []): FoundList[] {
  if (Array.isArray(data)) {
    if (data.length === 0) return [];
    const nested = data.flatMap((item, i) => (item && typeof item === 'object' ? findLists(item, [...path, String(i)]) : []));
    // Lists inside the rows of another list are columns of that list, not lists of their own, unless there is only one row.
    return [{ path: path.join('.'), rows: data }, ...(data.length === 1 ? nested : [])];
  }
  if (data && typeof data === 'object') return Object.entries(data).flatMap(([key, value]) => findLists(value, [...path, key]));
  return [];
}

/** The list an export offers first: the longest, and the outermost of equal ones. */
export function preferredList(lists: FoundList[]): FoundList | undefined {
  return lists.reduce<FoundList | undefined>(
    (best, list) => (!best || list.rows.length > best.rows.length ? list : best),
    undefined,
  );
}

/** A row as columns: nested objects become dotted columns (`organization.name`); nested lists, JSON. */
export function flatten(row: unknown, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  if (row === null || typeof row !== 'object') {
    into[prefix || 'value'] = row;
  } else if (Array.isArray(row)) {
    into[prefix || 'value'] = JSON.stringify(row);
  } else {
    for (const [key, value] of Object.entries(row)) {
      const column = prefix ? `${prefix}.${key}` : key;
      if (value && typeof value === 'object' && !Array.isArray(value)) flatten(value, column, into);
      else into[column] = Array.isArray(value) ? JSON.stringify(value) : value;
    }
  }
  return into;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A text cell that a spreadsheet would run as a formula is kept as text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV for Excel: UTF-8 with a byte-order mark (so that Chinese opens correctly), CRLF line ends,
 * one column per field in the order they first appear.
 */
export function toCsv(rows: unknown[]): string {
  const flat = rows.map((row) => flatten(row));
  const columns = [...new Set(flat.flatMap((r) => Object.keys(r)))];
  const lines = [columns.map(cell).join(','), ...flat.map((r) => columns.map((c) => cell(r[c])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Offers a file to the browser's downloads (made here, from memory: nothing goes over the network). */
export function download(filename: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
