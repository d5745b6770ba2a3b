/**
 * Label values are bounded: a metric's series are few and known, whatever clients send. Operation
 * names come only from operations that parsed and validated, and at most `limit` distinct ones are
 * kept; later names share one `(other)` series. No id, variable or query text is ever a label.
 */
export const OPERATION = {
  /** Parsing or validation failed: the operation has no trustworthy name. */
  invalid: '(invalid)',
  /** Refused before it was read (bad token, rate limit). */
  rejected: '(rejected)',
  anonymous: '(anonymous)',
  other: '(other)',
} as const;

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,47}$/;

/** A capped set of label values: the first `limit` distinct values are themselves, the rest `overflow`. */
export class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(
    private readonly limit: number,
    private readonly overflow: string,
    private readonly shape: RegExp,
  ) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.limit || !this.shape.test(value)) return this.overflow;
    this.seen.add(value);
    return value;
  }
}

export function operationLabels(limit = 100): { of: (name: string | null | undefined) => string } {
  const names = new BoundedLabel(limit, OPERATION.other, GRAPHQL_NAME);
  return { of: (name) => (name ? names.of(name) : OPERATION.anonymous) };
}

/** `extensions.code` of an error as a label: errors without one are what the client sees, INTERNAL_SERVER_ERROR. */
export function errorCodeLabels(limit = 40): { of: (code: unknown) => string } {
  const codes = new BoundedLabel(limit, 'OTHER', ERROR_CODE);
  return { of: (code) => (typeof code === 'string' ? codes.of(code) : 'INTERNAL_SERVER_ERROR') };
}
