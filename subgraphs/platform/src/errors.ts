import { GraphQLError } from 'graphql';

/**
 * The one error taxonomy of the federation. Every expected failure carries a stable
 * `extensions.code`; clients switch on the code, never on the message.
 */
export const ErrorCode = {
  NotFound: 'NOT_FOUND',
  Forbidden: 'FORBIDDEN',
  Unauthenticated: 'UNAUTHENTICATED',
  InvalidInput: 'BAD_USER_INPUT',
  Conflict: 'CONFLICT',
  PolicyViolation: 'POLICY_VIOLATION',
  Unavailable: 'SERVICE_UNAVAILABLE',
  /** Too many requests from one caller; retry after `Retry-After` seconds (HTTP 429). */
  RateLimited: 'RATE_LIMITED',
  /** Subscriptions (and any other operation type the service does not run). */
  NotSupported: 'OPERATION_NOT_SUPPORTED',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One failing field of an input, e.g. `{ field: 'first', code: 'MAX', message: '...' }`. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export class NotFoundError extends GraphQLError {
  constructor(entity: string, id: string) {
    super(`${entity} ${JSON.stringify(id)} does not exist`, {
      extensions: { code: ErrorCode.NotFound, entity, id },
    });
  }
}

export class ForbiddenError extends GraphQLError {
  constructor(message = 'You are not allowed to do this', rule?: string) {
    super(message, { extensions: { code: ErrorCode.Forbidden, ...(rule ? { rule } : {}) } });
  }
}

/**
 * Not signed in (or not validly). Raised by a field, it fails that field only: the rest of the
 * answer still arrives, with HTTP 200. Only a failure of the request itself (a bad token, read in
 * the request context) answers HTTP 401 for the whole response: {@link UnauthenticatedError.request}.
 */
export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'Authentication required', http?: { status: number }) {
    super(message, { extensions: { code: ErrorCode.Unauthenticated, ...(http ? { http } : {}) } });
  }

  /** The request as a whole is refused (bad or expired token): HTTP 401. */
  static request(message: string): UnauthenticatedError {
    return new UnauthenticatedError(message, { status: 401 });
  }
}

/**
 * A service this request needs cannot be reached; retry later. Raised while reading the request
 * (the identity provider is down) it answers HTTP 503; raised for a field (a subgraph is down), it
 * fails that field only and names the service.
 */
export class ServiceUnavailableError extends GraphQLError {
  constructor(message: string, options: { service?: string; http?: boolean; retryAfterSeconds?: number } = {}) {
    super(message, {
      extensions: {
        code: ErrorCode.Unavailable,
        ...(options.service ? { service: options.service } : {}),
        ...(options.retryAfterSeconds ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
        ...(options.http ? { http: { status: 503 } } : {}),
      },
    });
  }
}

/** Bad input: every failing field is named in `extensions.fields`, all in one response. */
export class InvalidInputError extends GraphQLError {
  readonly problems: FieldProblem[];
  constructor(problems: FieldProblem[]) {
    const summary = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    super(`Invalid input: ${summary}`, {
      extensions: { code: ErrorCode.InvalidInput, fields: problems },
    });
    this.problems = problems;
  }

  static field(field: string, code: string, message: string): InvalidInputError {
    return new InvalidInputError([{ field, code, message }]);
  }
}

export class ConflictError extends GraphQLError {
  constructor(message: string, reason?: string) {
    super(message, { extensions: { code: ErrorCode.Conflict, ...(reason ? { reason } : {}) } });
  }
}

/**
 * A domain rule refused the action; `rule` names it (e.g. `MINIMUM_MEMBERS`). When several rules
 * fail at once, `rules` names them all and `fields` says where each applies.
 */
export class PolicyViolationError extends GraphQLError {
  constructor(rule: string, message: string, fields: FieldProblem[] = []) {
    const rules = [...new Set([rule, ...fields.map((f) => f.code)])];
    super(message, {
      extensions: { code: ErrorCode.PolicyViolation, rule, rules, ...(fields.length ? { fields } : {}) },
    });
  }
}

/**
 * Collects problems and throws them together, so a client fixes everything in one round. Malformed
 * input (`add`) answers BAD_USER_INPUT; broken domain rules (`rule`) answer POLICY_VIOLATION. When
 * both kinds occur the answer is BAD_USER_INPUT and its `fields` list the rules too.
 */
export class ProblemList {
  private readonly items: FieldProblem[] = [];
  private readonly ruleItems: FieldProblem[] = [];
  add(field: string, code: string, message: string): this {
    this.items.push({ field, code, message });
    return this;
  }
  /** A domain rule (`code`, e.g. MINIMUM_MEMBERS) that the input breaks at `field`. */
  rule(field: string, code: string, message: string): this {
    this.ruleItems.push({ field, code, message });
    return this;
  }
  addAll(problems: readonly FieldProblem[]): this {
    this.items.push(...problems);
    return this;
  }
  get problems(): readonly FieldProblem[] {
    return [...this.items, ...this.ruleItems];
  }
  throwIfAny(): void {
    if (this.items.length) throw new InvalidInputError([...this.items, ...this.ruleItems]);
    if (this.ruleItems.length) {
      const summary = this.ruleItems.map((p) => `${p.field}: ${p.message}`).join('; ');
      throw new PolicyViolationError(this.ruleItems[0]!.code, `Refused by policy: ${summary}`, [...this.ruleItems]);
    }
  }
}

const exposedCodes = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.Internal));
/** GraphQL's own request errors (parse, validation) are safe to show as they are. */
const graphqlRequestCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** True when an error is one we raised on purpose (or GraphQL's own), so its message may be shown. */
export function isExposedError(code: unknown): boolean {
  return typeof code === 'string' && (exposedCodes.has(code) || graphqlRequestCodes.has(code));
}
