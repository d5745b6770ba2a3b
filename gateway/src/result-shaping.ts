import { createRequire } from 'node:module';
import {
  assert,
  ERRORS,
  isCompositeType,
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  typenameFieldName,
  Variable,
  type CompositeType,
  type FieldSelection,
  type NamedType,
  type Operation,
  type Schema,
  type Selection,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals';
import { Kind, type DefinitionNode, type DocumentNode, type GraphQLError, type OperationDefinitionNode } from 'graphql';

/**
 * The gateway's result shaping, compiled. After the plan's fetches, `@apollo/gateway` walks the whole
 * answer against the operation (`computeResponse` in its resultShaping.js) to keep only what the client
 * asked for, in its order, with `__typename`s and null propagation. Its walk asks the operation's
 * model again at every value: which directives apply, the field's type, whether a fragment's type
 * condition holds, whether a leaf is valid for its type (each a getter or a lookup by name). On the
 * hierarchy's 50 kB answer that is 1.2 ms per request, a fifth of the gateway's CPU there, and the
 * reason Hive Gateway was ahead on large answers.
 *
 * {@link computeResponse} gives the same answer and the same errors, thrown or collected, as
 * Apollo's (gateway/src/result-shaping.test.ts runs both over the same operations and inputs): it turns
 * the operation into plain arrays (directives evaluated, types unwrapped, leaf checks and type conditions
 * decided once per type), then walks the answer. The arrays serve every request of the operation, unless
 * a request's variables decided a @skip or @include: then they are its own.
 *
 * Two differences no client sees: the answer's objects are plain ones where Apollo's have no prototype
 * (the same JSON; see Walk.plain), and on an operation that validation refuses before it gets here (one
 * response name for both a list and an object) one assertion's message reads differently.
 *
 * {@link installResultShaping} puts it in place of Apollo's, for the @apollo/gateway versions it was
 * checked against ({@link CHECKED_VERSIONS}); any other version keeps Apollo's own, with a warning.
 */

const BUBBLE_UP = 1;
const OK = 0;

type Leaf = (value: unknown) => boolean;

interface FieldStep {
  field: true;
  /** A selection under @skip/@include whose `if` is not a boolean: Apollo's assertion, thrown when reached. */
  error: Error | null;
  responseName: string;
  isTypename: boolean;
  /** The selection, when the field is __schema or __type (the gateway answers those itself). */
  introspection: FieldSelection | null;
  shape: Shape;
  /** The sub-selection's steps (null for a leaf field). */
  steps: Step[] | null;
}

interface FragmentStep {
  field: false;
  error: Error | null;
  condition: CompositeType | undefined;
  /** Whether the condition holds, per runtime type name (or the parent type when the value has no __typename). */
  applies: Map<unknown, boolean>;
  steps: Step[];
}

type Step = FieldStep | FragmentStep;

const NON_NULL = 0;
const LIST = 1;
const COMPOSITE = 2;
const LEAF = 3;

/**
 * A field's type unwrapped once per request: what {@link update} would otherwise ask the type at every
 * value (non-null? list? composite?), as a number to switch on, and a leaf's check.
 */
interface Shape {
  kind: typeof NON_NULL | typeof LIST | typeof COMPOSITE | typeof LEAF;
  type: Type;
  /** The wrapped type's shape (non-null and list). */
  of: Shape | null;
  /** Whether a value fits the type (leaves only). */
  leaf: Leaf | null;
}

/** Leaf checks by type: a type belongs to one schema, whose built-in scalars its check compares with. */
const leafChecks = new WeakMap<Type, Leaf>();

function shapeOf(schema: Schema, type: Type): Shape {
  if (isNonNullType(type)) return { kind: NON_NULL, type, of: shapeOf(schema, type.ofType), leaf: null };
  if (isListType(type)) return { kind: LIST, type, of: shapeOf(schema, type.ofType), leaf: null };
  if (isCompositeType(type)) return { kind: COMPOSITE, type, of: null, leaf: null };
  let leaf = leafChecks.get(type);
  if (!leaf) leafChecks.set(type, (leaf = leafCheck(schema, type)));
  return { kind: LEAF, type, of: null, leaf };
}

/** What one walk needs besides the value: the schema, its errors, the caches of this request. */
interface Walk {
  schema: Schema;
  errors: GraphQLError[];
  introspectionHandling: (selection: FieldSelection) => unknown;
  types: Map<string, NamedType | undefined>;
  /**
   * Whether answer objects are plain ones. They are, unless a response name is a key of
   * Object.prototype (`toString`, `__proto__`: aliases GraphQL allows), which a plain object would
   * read from its prototype: then null-prototype ones, as Apollo's always are. Plain objects are built and
   * serialized about twice as fast (0.17 ms against 0.095 ms to serialize the hierarchy's answer).
   */
  plain: boolean;
  /** Set by {@link update} for its caller: the value was null where the type says non-null. */
  invalid: boolean;
  /** Set by {@link update} for its caller: an error was recorded below this value. */
  hasErrors: boolean;
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/** Whether a leaf value fits its type: federation-internals' isValidLeafValue, decided once per type. */
function leafCheck(schema: Schema, type: Type): Leaf {
  if (isCustomScalarType(type)) return () => true;
  const boolean = schema.booleanType();
  const int = schema.intType();
  const id = schema.idType();
  const float = schema.floatType();
  const enumValues = isEnumType(type) ? new Set(type.values.map((v) => v.name)) : null;
  return (value) => {
    if (typeof value === 'boolean') return type === boolean;
    if (typeof value === 'number' && isFinite(value)) {
      // A safe integer always prints as digits, which is all the pattern asks; others are checked as printed.
      if (type === int || type === id) return Number.isSafeInteger(value) || INTEGER.test(String(value));
      return type === float;
    }
    if (typeof value === 'string') {
      if (enumValues) return enumValues.has(value);
      return type !== boolean && type !== int && type !== float;
    }
    return false;
  };
}

/**
 * What compiling an operation read besides the operation: whether a @skip/@include took its `if` from a
 * variable or failed. Steps that read neither are the same for every request of the operation.
 */
interface Compiling {
  names: Set<string>;
  variables: Record<string, unknown>;
  dependsOnRequest: boolean;
}

/** Whether @skip/@include leave a selection out, with the request's variables (Apollo's shouldSkip). */
function skipped(schema: Schema, selection: Selection, compiling: Compiling): boolean {
  const ifValue = (directive: { arguments(): unknown } | undefined): boolean | undefined => {
    if (!directive) return undefined;
    const value: unknown = (directive.arguments() as { if: unknown }).if;
    if (value instanceof Variable) {
      compiling.dependsOnRequest = true;
      const given = compiling.variables[value.name];
      assert(
        given !== undefined && typeof given === 'boolean',
        () => `Unexpected value ${String(given)} for variable ${value.toString()} of ${String(directive)}`,
      );
      return given;
    }
    return value as boolean;
  };
  // In Apollo's order: @include's `if` is not read when @skip's leaves the selection out.
  const element = selection.element;
  if (ifValue(element.appliedDirectivesOf(schema.skipDirective())[0])) return true;
  const include = ifValue(element.appliedDirectivesOf(schema.includeDirective())[0]);
  return include !== undefined && !include;
}

function compile(schema: Schema, selectionSet: SelectionSet, compiling: Compiling): Step[] {
  const steps: Step[] = [];
  for (const selection of selectionSet.selections()) {
    let error: Error | null = null;
    try {
      if (skipped(schema, selection, compiling)) continue;
    } catch (thrown) {
      error = thrown as Error;
      compiling.dependsOnRequest = true;
    }
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      compiling.names.add(field.responseName());
      steps.push({
        field: true,
        error,
        responseName: field.responseName(),
        isTypename: field.name === typenameFieldName,
        introspection: field.definition.isSchemaIntrospectionField() ? selection : null,
        shape: shapeOf(schema, field.definition.type!),
        steps: selection.selectionSet ? compile(schema, selection.selectionSet, compiling) : null,
      });
    } else {
      steps.push({
        field: false,
        error,
        condition: selection.element.typeCondition,
        applies: new Map(),
        steps: compile(schema, selection.selectionSet, compiling),
      });
    }
  }
  return steps;
}

function objectFor(walk: Walk): Record<string, unknown> {
  return walk.plain ? {} : (Object.create(null) as Record<string, unknown>);
}

function typeNamed(walk: Walk, name: string): NamedType | undefined {
  let type = walk.types.get(name);
  if (type === undefined && !walk.types.has(name)) walk.types.set(name, (type = walk.schema.type(name)));
  return type;
}

function describeLast(path: (string | number)[], type: Type, parentType: CompositeType): string {
  const element = path[path.length - 1];
  assert(element !== undefined, 'Should not have been called on an empty path');
  return typeof element === 'string' ? `field ${parentType}.${element}` : `array element of type ${type} at index ${element}`;
}

function apply(
  walk: Walk,
  input: Record<string, unknown>,
  steps: Step[],
  output: Record<string, unknown>,
  path: (string | number)[],
  parentType: CompositeType,
): number {
  for (const step of steps) {
    if (step.error) throw step.error;
    if (step.field) {
      const { responseName } = step;
      const outputValue = output[responseName];
      if (step.introspection) {
        if (outputValue === undefined) output[responseName] = walk.introspectionHandling(step.introspection);
        continue;
      }
      let inputValue = Object.hasOwn(input, responseName) ? (input[responseName] ?? null) : null;
      if (step.isTypename) {
        if (outputValue === undefined) {
          if (inputValue === null && responseName !== typenameFieldName) inputValue = input[typenameFieldName] ?? null;
          const type = typeof inputValue === 'string' ? (typeNamed(walk, inputValue) ?? parentType) : parentType;
          if (!isObjectType(type)) return BUBBLE_UP;
          output[responseName] = type.name;
        }
        continue;
      }
      path.push(responseName);
      const updated = update(walk, outputValue, step.shape, inputValue, step.steps, path, parentType);
      output[responseName] = updated;
      path.pop();
      if (walk.invalid) return BUBBLE_UP;
    } else {
      const typename = input[typenameFieldName] as string | undefined;
      assert(!typename || typeof typename === 'string', () => `Got unexpected value for __typename: ${String(typename)}`);
      const condition = step.condition;
      let applies = true;
      if (condition) {
        const key = typename || parentType;
        let known = step.applies.get(key);
        if (known === undefined) {
          if (typename) {
            const type = typeNamed(walk, typename);
            known = !!type && isSubtype(condition, type);
          } else known = isSubtype(condition, parentType);
          step.applies.set(key, known);
        }
        applies = known;
      }
      if (applies && apply(walk, input, step.steps, output, path, condition ?? parentType) === BUBBLE_UP) return BUBBLE_UP;
    }
  }
  return OK;
}

/**
 * Apollo's updateOutputValue: the value at `path`, merged into what is there already; flags in
 * walk.invalid/hasErrors. Its assertions are only evaluated (and their messages only built) when they fail.
 */
function update(
  walk: Walk,
  outputValue: unknown,
  shape: Shape,
  inputValue: unknown,
  steps: Step[] | null,
  path: (string | number)[],
  parentType: CompositeType,
): unknown {
  if (inputValue === undefined) assert(false, 'Should not pass undefined for `inputValue` to this method');
  walk.invalid = false;
  walk.hasErrors = false;
  if (outputValue === null || (outputValue !== undefined && !steps)) return outputValue;
  const type = shape.type;
  if (shape.kind === NON_NULL) {
    const updated = update(walk, outputValue, shape.of!, inputValue, steps, path, parentType);
    if (updated === null) {
      if (!walk.hasErrors)
        walk.errors.push(
          ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${describeLast(path, shape.of!.type, parentType)}.`, {
            path: Array.from(path),
          }),
        );
      walk.invalid = true;
      walk.hasErrors = true;
      return null;
    }
    walk.invalid = false;
    walk.hasErrors = false;
    return updated;
  }
  if (inputValue === null) return null;
  if (shape.kind === LIST) {
    if (!Array.isArray(inputValue))
      assert(false, () => `Invalid non-list value ${String(inputValue)} returned by subgraph for list type ${type}`);
    if (outputValue !== undefined && !Array.isArray(outputValue))
      assert(false, () => `Invalid non-list value ${String(outputValue)} returned by subgraph for list type ${type}`);
    const list = inputValue as unknown[];
    const previous = outputValue as unknown[] | undefined;
    if (previous !== undefined && list.length !== previous.length)
      assert(false, () => `[${String(list)}].length (${list.length}) !== [${String(previous)}].length (${previous.length})`);
    const of = shape.of!;
    let nullify = false;
    let hasErrors = false;
    const updated = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) {
      path.push(i);
      updated[i] = update(walk, previous?.[i], of, list[i], steps, path, parentType);
      path.pop();
      nullify ||= walk.invalid;
      hasErrors ||= walk.hasErrors;
    }
    walk.invalid = false;
    walk.hasErrors = hasErrors;
    return nullify ? null : updated;
  }
  if (shape.kind === COMPOSITE) {
    if (!steps) assert(false, () => `Invalid empty selection set for composite type ${type}`);
    if (typeof inputValue !== 'object')
      assert(false, () => `Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${type}`);
    if (outputValue !== undefined && typeof outputValue !== 'object')
      assert(false, () => `Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${type}`);
    const input = inputValue as Record<string, unknown>;
    const inputTypename = input[typenameFieldName];
    if (inputTypename !== undefined && typeof inputTypename !== 'string')
      assert(false, () => `Invalid non-string value ${String(inputTypename)} for __typename at ${path.join(',')}`);
    let objType = type as CompositeType;
    if (inputTypename) {
      const typenameType = typeNamed(walk, inputTypename as string);
      if (!typenameType || !isCompositeType(typenameType)) {
        walk.errors.push(
          ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${describeLast(path, type, parentType)}.`, {
            path: Array.from(path),
          }),
        );
        walk.invalid = false;
        walk.hasErrors = true;
        return null;
      }
      objType = typenameType;
    }
    const output = (outputValue as Record<string, unknown> | undefined) ?? objectFor(walk);
    const bubbled = apply(walk, input, steps!, output, path, objType) === BUBBLE_UP;
    walk.invalid = false;
    walk.hasErrors = bubbled;
    return bubbled ? null : output;
  }
  if (outputValue !== undefined) assert(false, () => `Excepted output to be undefined but got ${type} for type ${type}`);
  if (shape.leaf!(inputValue)) return inputValue;
  walk.errors.push(
    ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describeLast(path, type, parentType)}.`, { path: Array.from(path) }),
  );
  walk.hasErrors = true;
  return null;
}

export interface ComputeResponseInput {
  operation: Operation;
  variables?: Record<string, unknown>;
  input: Record<string, unknown> | null | undefined;
  introspectionHandling: (selection: FieldSelection) => unknown;
}

interface Compiled {
  steps: Step[];
  /** See Walk.plain. */
  plain: boolean;
}

/**
 * An operation's steps, kept while the operation lives when no request's variables went into them. The
 * gateway's executor gets the same operation for every request of a document (see {@link cachedOperations});
 * a step's fragment conditions (`applies`) then fill once for all its requests.
 */
const compiledSteps = new WeakMap<Operation, Compiled>();

function compileOperation(operation: Operation, variables: Record<string, unknown> | undefined): Compiled {
  const compiling: Compiling = {
    names: new Set(),
    variables: { __proto__: null, ...operation.collectDefaultedVariableValues(), ...variables } as Record<string, unknown>,
    dependsOnRequest: false,
  };
  const steps = compile(operation.schema(), operation.selectionSet, compiling);
  const result = { steps, plain: ![...compiling.names].some((name) => name in Object.prototype) };
  if (!compiling.dependsOnRequest) compiledSteps.set(operation, result);
  return result;
}

/** The client's answer from the merged fetch results: the same answer and errors as @apollo/gateway's computeResponse. */
export function computeResponse({ operation, variables, input, introspectionHandling }: ComputeResponseInput): {
  data: Record<string, unknown> | null | undefined;
  errors: GraphQLError[];
} {
  if (!input) return { data: input, errors: [] };
  const schema = operation.schema();
  const { steps, plain } = compiledSteps.get(operation) ?? compileOperation(operation, variables);
  const walk: Walk = {
    schema,
    plain,
    errors: [],
    introspectionHandling,
    types: new Map(),
    invalid: false,
    hasErrors: false,
  };
  const data = objectFor(walk);
  const rootType = schema.schemaDefinition.rootType(operation.rootKind)!;
  const result = apply(walk, input, steps, data, [], rootType);
  return { data: result === BUBBLE_UP ? null : data, errors: walk.errors };
}

/** The @apollo/gateway versions whose computeResponse this one was checked against (gateway/src/result-shaping.test.ts). */
export const CHECKED_VERSIONS = ['2.14.4'];

interface ShapingModule {
  computeResponse: (input: ComputeResponseInput) => unknown;
}

type OperationFromDocument = (
  schema: Schema,
  document: DocumentNode,
  options?: { operationName?: string; validate?: boolean },
) => Operation;

interface OperationsModule {
  operationFromDocument: OperationFromDocument;
}

/**
 * federation-internals' `operationFromDocument`, keeping what it builds for @apollo/gateway's executor.
 * At every request, before the plan's fetches, the executor builds the operation's model again from the
 * request's parsed document (`{ validate: false }`, the operation's definition then its fragments) for the
 * result shaping, which then compiled it again: model, compiling and shaping of one organization with 50
 * members took 27-38 µs a request, and 13-21 µs with the model and its shaping kept. The parsed
 * document is the one Apollo Server keeps for the query's text, so its nodes are the same objects at
 * every request: the model is kept per schema and operation node (weakly: it goes with the document),
 * and used again when the fragments are the same nodes too. The model is only read after it is built.
 * Any other call (the planner's, with validation) goes to the original.
 */
export function cachedOperations(original: OperationFromDocument): OperationFromDocument {
  const bySchema = new WeakMap<
    Schema,
    WeakMap<OperationDefinitionNode, { fragments: readonly DefinitionNode[]; operation: Operation }>
  >();
  return function operationFromDocument(schema, document, options) {
    const [definition, ...fragments] = document.definitions;
    if (options?.validate !== false || options.operationName !== undefined || definition?.kind !== Kind.OPERATION_DEFINITION)
      return original(schema, document, options);
    let kept = bySchema.get(schema);
    if (!kept) bySchema.set(schema, (kept = new WeakMap()));
    const hit = kept.get(definition);
    if (hit && hit.fragments.length === fragments.length && hit.fragments.every((f, i) => f === fragments[i]))
      return hit.operation;
    const operation = original(schema, document, options);
    kept.set(definition, { fragments, operation });
    return operation;
  };
}

let installed: 'compiled' | 'apollo' | undefined;

/**
 * Puts {@link computeResponse} in place of @apollo/gateway's for this process (its executor calls the
 * function through its module's exports at every request), and {@link cachedOperations} in front of the
 * operation models the executor builds for it. Once per process; `compiled: false` keeps
 * Apollo's (RESULT_SHAPING=apollo). Says which one serves, and why when it is Apollo's. The module is
 * imported, not required, so that it is the very instance the gateway's import loaded (a test runner's too).
 */
export async function installResultShaping(compiled: boolean): Promise<{ shaping: 'compiled' | 'apollo'; reason?: string }> {
  if (installed) return { shaping: installed };
  const { version } = createRequire(import.meta.url)('@apollo/gateway/package.json') as { version: string };
  if (!compiled) {
    installed = 'apollo';
    return { shaping: installed, reason: 'RESULT_SHAPING=apollo' };
  }
  if (!CHECKED_VERSIONS.includes(version)) {
    installed = 'apollo';
    return { shaping: installed, reason: `@apollo/gateway ${version} is not one the compiled shaping was checked against` };
  }
  const module = (await import('@apollo/gateway/dist/resultShaping.js')) as unknown as { default: ShapingModule };
  module.default.computeResponse = computeResponse as ShapingModule['computeResponse'];
  // federation-internals' index reads its operations module's export at every call: the executor's calls get the kept models.
  const operations = (await import('@apollo/federation-internals/dist/operations.js')) as unknown as {
    default: OperationsModule;
  };
  operations.default.operationFromDocument = cachedOperations(operations.default.operationFromDocument);
  installed = 'compiled';
  return { shaping: installed };
}
