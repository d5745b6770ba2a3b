import { ProblemList } from './errors.js';
import { isUuid } from './ids.js';

/**
 * The conditions of a list query, built from a filter argument: SQL with `?` placeholders (column
 * names come from code, values only ever as parameters). Every malformed id is reported at once.
 */
export class SqlFilter {
  readonly where: string[] = [];
  readonly params: unknown[] = [];
  private readonly problems = new ProblemList();

  constructor(private readonly prefix = 'filter') {}

  /** A condition always applied (e.g. the caller's jurisdiction). */
  add(sql: string, ...params: unknown[]): this {
    this.where.push(sql);
    this.params.push(...params);
    return this;
  }

  /** `"column" = value` when the filter gives a value. */
  equals(column: string, value: unknown): this {
    return value == null ? this : this.add(`"${column}" = ?`, value);
  }

  /** `"column" = id` when the filter gives an id; a malformed one is BAD_USER_INPUT naming `prefix.field`. */
  id(field: string, column: string, value: string | null | undefined): this {
    if (value == null) return this;
    if (!isUuid(value)) {
      this.problems.add(`${this.prefix}.${field}`, 'MALFORMED_ID', `${JSON.stringify(value)} is not a valid id`);
      return this;
    }
    return this.add(`"${column}" = ?`, value.toLowerCase());
  }

  /** Throws the problems found, if any; otherwise the conditions. */
  checked(): { where: string[]; params: unknown[] } {
    this.problems.throwIfAny();
    return { where: this.where, params: this.params };
  }
}
