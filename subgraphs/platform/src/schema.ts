import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type AuthChecker, type NonEmptyArray } from 'type-graphql';

/** Federation 2 is declared once, here, for every subgraph. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])';

export type ReferenceResolvers<TContext> = Record<
  string,
  { __resolveReference(reference: Record<string, unknown>, context: TContext): unknown }
>;

export interface FederatedSchemaOptions<TContext extends object> {
  // type-graphql takes resolver classes; their constructors are typed loosely on purpose.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** Field-level authorization for `@Authorized()` fields. */
  authChecker?: AuthChecker<TContext>;
  /** `__resolveReference` per entity type name, merged into the resolver map. */
  referenceResolvers?: ReferenceResolvers<TContext>;
}

/**
 * Builds a Federation 2 subgraph schema from type-graphql classes: the classes give the SDL
 * (with `@key`/`@shareable` directives) and the resolver map; reference resolvers are merged in.
 */
export async function buildFederatedSchema<TContext extends object>(
  options: FederatedSchemaOptions<TContext>,
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    skipCheck: true,
    validate: false,
    authChecker: options.authChecker,
    authMode: 'error',
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference };
  }
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }]);
}
