import {
  getNamedType,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { OperationClient, OperationInUse } from '../model.js';
import type { SchemaChange } from './changes.js';

/** An operation in use named for people: its name (or hash) and the clients that send it. */
export interface OperationRef {
  hash: string;
  name: string | null;
  clients: OperationClient[];
}

/** An operation in use that the proposed schema would refuse, with the validation errors it would get. */
export interface BrokenOperation extends OperationRef {
  errors: string[];
}

export interface OperationsOutcome {
  checked: number;
  /** Operations that do not validate against the schema in service either (not blamed on this change). */
  invalidToday: number;
  broken: BrokenOperation[];
  /** For each change (same index), the operations in use that touch its coordinate. */
  usage: OperationRef[][];
}

/**
 * The schema coordinates a document touches against a schema: types, `Type.field`,
 * `Type.field.argument`, `Input.field` and `Enum.VALUE` for values written in the document.
 */
export function coordinatesOf(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const type = typeInfo.getType();
        if (!parent) return;
        used.add(parent.name);
        used.add(`${parent.name}.${node.name.value}`);
        if (type) used.add(getNamedType(type).name);
      },
      Argument(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (parent && field) used.add(`${parent.name}.${field.name}.${node.name.value}`);
        const input = typeInfo.getInputType();
        if (input) used.add(getNamedType(input).name);
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        if (parent) used.add(`${getNamedType(parent).name}.${node.name.value}`);
        const input = typeInfo.getInputType();
        if (input) used.add(getNamedType(input).name);
      },
      EnumValue(node) {
        const input = typeInfo.getInputType();
        if (input) used.add(`${getNamedType(input).name}.${node.value}`);
      },
      VariableDefinition(node) {
        let type = node.type;
        while (type.kind !== Kind.NAMED_TYPE) type = type.type;
        used.add(type.name.value);
      },
      InlineFragment(node) {
        if (node.typeCondition) used.add(node.typeCondition.name.value);
      },
      FragmentDefinition(node) {
        used.add(node.typeCondition.name.value);
      },
    }),
  );
  return used;
}

/**
 * The coordinate at which a change meets the operations: the changed element itself, its parent
 * for a breaking addition (a required argument or input field added to something in use), the enum
 * for a removed enum value (a client may receive or send it).
 */
export function coordinateOfChange(change: SchemaChange): string | null {
  if (!change.path) return null;
  if (change.type.endsWith('_ADDED')) return change.path.split('.').slice(0, -1).join('.') || change.path;
  if (change.type === 'ENUM_VALUE_REMOVED') return change.path.split('.')[0]!;
  return change.path;
}

/**
 * Validates every operation in use against the proposed API schema. An operation that is not valid
 * against the schema in service either is counted apart: it broke earlier, not with this change.
 */
export function checkOperations(
  operations: OperationInUse[],
  before: GraphQLSchema | null,
  after: GraphQLSchema,
  changes: SchemaChange[],
): OperationsOutcome {
  const broken: BrokenOperation[] = [];
  const usage: OperationRef[][] = changes.map(() => []);
  const coordinates = changes.map(coordinateOfChange);
  let invalidToday = 0;
  for (const op of operations) {
    let document: DocumentNode;
    try {
      document = parse(op.document);
    } catch {
      invalidToday += 1;
      continue;
    }
    const ref: OperationRef = { hash: op.hash, name: op.name ?? operationName(document), clients: op.clients };
    if (before) {
      if (validate(before, document).length) {
        invalidToday += 1;
        continue;
      }
      const used = coordinatesOf(before, document);
      coordinates.forEach((c, i) => {
        if (c && used.has(c) && changes[i]!.level !== 'SAFE') usage[i]!.push(ref);
      });
    }
    const errors = validate(after, document);
    if (errors.length) broken.push({ ...ref, errors: errors.map((e) => e.message) });
  }
  return { checked: operations.length, invalidToday, broken, usage };
}

function operationName(document: DocumentNode): string | null {
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION && d.name) return d.name.value;
  return null;
}
