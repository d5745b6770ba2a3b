import 'reflect-metadata';
import { accessRevokedConsumer } from './access/access.consumers.js';
import { callerFromClaims, FilingForwarded, ReportEscalated } from '@cso/contracts';
import {
  bootstrapSubgraph,
  buildFederatedSchema,
  type SubgraphDefinition,
  type SubgraphOverrides,
  authChecker,
  type Consumer,
  type EventContract,
  PLATFORM_ENTITIES,
} from '@cso/platform';
import { ReceivedPolicy } from './policy/received-policy.entity.js';
import { receivedPoliciesConsumer } from './policy/received-policy.consumer.js';
import { BlacklistedLeader, FilingApplication, FilingStep } from './filing/filing.entity.js';
import { filingConsumers } from './filing/filing.consumers.js';
import { MajorActivityReport, ReportStep } from './report/report.entity.js';
import { SatisfactionRating } from './satisfaction/satisfaction.entity.js';
import { reportConsumers } from './report/report.consumers.js';
import { Community } from './community/community.entity.js';
import { Member } from './member/member.entity.js';
import { migrations } from './migrations/index.js';
import { Organization } from './organization/organization.entity.js';
import { DistrictRef, districtReferenceResolvers } from './federation/district.ref.js';
import { streetReferenceResolvers } from './federation/street.ref.js';
// The resolvers, in the order their fields appear in the printed SDL (type-graphql keeps the order
// in which resolver classes are declared): keep it, or the committed schema changes.
import { FilingResolver, filingReferenceResolvers } from './filing/filing.resolver.js';
import { CommunityAuditTrailResolver } from './audit/audit.resolver.js';
import {
  CommunityStatisticsResolver,
  DistrictStatisticsResolver,
  StreetStatisticsResolver,
} from './statistics/statistics.resolver.js';
import { SatisfactionResolver } from './satisfaction/satisfaction.resolver.js';
import { archiveReferenceResolvers, CommunityArchiveResolver, OrganizationArchiveResolver } from './archive/archive.resolver.js';
import { ReportResolver, reportReferenceResolvers } from './report/report.resolver.js';
import { CommunityResolver, StreetCommunitiesResolver, communityReferenceResolvers } from './community/community.resolver.js';
import { MemberResolver } from './member/member.resolver.js';
import { OrganizationResolver, organizationReferenceResolvers } from './organization/organization.resolver.js';

export const entities = [
  Community,
  Organization,
  Member,
  FilingApplication,
  FilingStep,
  BlacklistedLeader,
  MajorActivityReport,
  ReportStep,
  SatisfactionRating,
  ReceivedPolicy,
  ...PLATFORM_ENTITIES,
];

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [
      CommunityResolver,
      StreetCommunitiesResolver,
      OrganizationResolver,
      MemberResolver,
      FilingResolver,
      ReportResolver,
      CommunityAuditTrailResolver,
      DistrictStatisticsResolver,
      StreetStatisticsResolver,
      CommunityStatisticsResolver,
      SatisfactionResolver,
      OrganizationArchiveResolver,
      CommunityArchiveResolver,
    ],
    referenceResolvers: {
      ...communityReferenceResolvers,
      ...streetReferenceResolvers,
      ...organizationReferenceResolvers,
      ...filingReferenceResolvers,
      ...reportReferenceResolvers,
      ...archiveReferenceResolvers,
      ...districtReferenceResolvers,
    },
    // District is reachable only through _entities, so type-graphql must be told to keep it.
    orphanedTypes: [DistrictRef],
    authChecker,
  });
}

export const definition: SubgraphDefinition = {
  name: 'community',
  entities,
  migrations,
  buildSchema,
  parseClaims: callerFromClaims,
  // The demo data is development-only: loaded on demand, absent from a production install.
  seed: async (em, options) => (await import('./seed/seed.js')).seedCommunity(em, options),
  // Forwarded filings go to the street.
  produces: [FilingForwarded, ReportEscalated] as EventContract<unknown>[],
  // The community applies membership and party-station rules (the district's policies) and keeps
  // the organization's lifecycle status from the street's and the district's decisions.
  consumers: [
    receivedPoliciesConsumer as Consumer<unknown>,
    ...filingConsumers,
    ...reportConsumers,
    accessRevokedConsumer as Consumer<unknown>,
  ],
};

/** Starts the community guidance committees' subgraph (社区指导委员会); it owns organizations and rosters. */
export function bootstrap(overrides: SubgraphOverrides = {}, env: Record<string, string | undefined> = process.env) {
  return bootstrapSubgraph(definition, env, overrides);
}
