import 'reflect-metadata';
import { authChecker, bootstrapSubgraph, InboxEvent, OutboxEvent, ReceivedPolicy, receivedPoliciesConsumer, buildFederatedSchema, type Consumer, type SubgraphDefinition, type SubgraphOverrides } from '@cso/kit';
import { migrations } from './migrations/index.js';
import { seedStreet } from './seed/seed.js';
import { Street } from './street/street.entity.js';
import { DistrictStreetsResolver, StreetResolver, streetReferenceResolvers } from './street/street.resolver.js';

export const entities = [Street, ReceivedPolicy, OutboxEvent, InboxEvent];

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [StreetResolver, DistrictStreetsResolver],
    referenceResolvers: { ...streetReferenceResolvers },
    authChecker,
  });
}

export const definition: SubgraphDefinition = {
  name: 'street',
  entities,
  migrations,
  buildSchema,
  seed: seedStreet,
  // The street applies notice, review and reporting deadlines: it keeps the district's policies.
  consumers: [receivedPoliciesConsumer as Consumer<unknown>],
};

/** Starts the street branches' subgraph (街道分会). */
export function bootstrap(overrides: SubgraphOverrides = {}, env: Record<string, string | undefined> = process.env) {
  return bootstrapSubgraph(definition, env, overrides);
}
