import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, type GraphQLSchema } from 'graphql';

export type ChangeLevel = 'BREAKING' | 'DANGEROUS' | 'SAFE';

/** One difference between the API schema in service and the proposed one, classified by GraphQL Inspector. */
export interface SchemaChange {
  level: ChangeLevel;
  type: string;
  message: string;
  /** Schema coordinate, e.g. `Street.code` or `Query.street.id`. */
  path: string | null;
  reason?: string;
}

const LEVELS: Record<CriticalityLevel, ChangeLevel> = {
  [CriticalityLevel.Breaking]: 'BREAKING',
  [CriticalityLevel.Dangerous]: 'DANGEROUS',
  [CriticalityLevel.NonBreaking]: 'SAFE',
};
const ORDER: ChangeLevel[] = ['BREAKING', 'DANGEROUS', 'SAFE'];

export const apiSchemaOf = (sdl: string): GraphQLSchema => buildSchema(sdl, { assumeValidSDL: true });

/** The changes from `before` to `after` (API schemas), breaking first. */
export async function schemaChanges(before: GraphQLSchema, after: GraphQLSchema): Promise<SchemaChange[]> {
  const changes: Change[] = await diff(before, after);
  return changes
    .map((c) => ({
      level: LEVELS[c.criticality.level],
      type: String(c.type),
      message: c.message,
      path: c.path ?? null,
      ...(c.criticality.reason ? { reason: c.criticality.reason } : {}),
    }))
    .sort((a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level) || (a.path ?? '').localeCompare(b.path ?? ''));
}
