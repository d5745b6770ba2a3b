import 'reflect-metadata';
import { callerFromClaims, FilingForwarded, ReportEscalated } from '@cso/contracts';
import {
  bootstrapSubgraph,
  buildFederatedSchema,
  type SubgraphDefinition,
  type SubgraphOverrides,
  AuditRecord,
  authChecker,
  InboxEvent,
  OutboxEvent,
  type Consumer,
  type EventContract,
} from '@cso/platform';
import { ReceivedPolicy, receivedPoliciesConsumer } from './policy/received-policy.js';
import { BlacklistedLeader, FilingApplication, FilingStep } from './filing/filing.entity.js';
import { filingConsumers } from './filing/filing.consumers.js';
import { FilingResolver, filingReferenceResolvers } from './filing/filing.resolver.js';
import { MajorActivityReport, ReportStep } from './report/report.entity.js';
import { SatisfactionRating } from './oversight/satisfaction.entity.js';
import {
  CommunityArchiveResolver,
  CommunityStatisticsResolver,
  DistrictStatisticsResolver,
  SatisfactionResolver,
  StreetStatisticsResolver,
  archiveReferenceResolvers,
} from './oversight/oversight.resolver.js';
import { reportConsumers } from './report/report.consumers.js';
import { ReportResolver, reportReferenceResolvers } from './report/report.resolver.js';
import { CommunityAuditTrailResolver, DistrictRef, districtReferenceResolvers } from './audit/audit.resolver.js';
import { Community } from './community/community.entity.js';
import { CommunityResolver, StreetCommunitiesResolver, communityReferenceResolvers } from './community/community.resolver.js';
import { Member } from './member/member.entity.js';
import { MemberResolver } from './member/member.resolver.js';
import { migrations } from './migrations/index.js';
import { Organization } from './organization/organization.entity.js';
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
  AuditRecord,
  ReceivedPolicy,
  OutboxEvent,
  InboxEvent,
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
      CommunityArchiveResolver,
    ],
    referenceResolvers: {
      ...communityReferenceResolvers,
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
  consumers: [receivedPoliciesConsumer as Consumer<unknown>, ...filingConsumers, ...reportConsumers],
};

/** Starts the community guidance committees' subgraph (社区指导委员会); it owns organizations and rosters. */
export function bootstrap(overrides: SubgraphOverrides = {}, env: Record<string, string | undefined> = process.env) {
  return bootstrapSubgraph(definition, env, overrides);
}
