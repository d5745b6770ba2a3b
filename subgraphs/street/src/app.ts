import 'reflect-metadata';
import { callerFromClaims, FilingProgressed, ReportReviewedByStreet } from '@cso/contracts';
import {
  AuditRecord,
  authChecker,
  bootstrapSubgraph,
  InboxEvent,
  OutboxEvent,
  buildFederatedSchema,
  type Consumer,
  type EventContract,
  type SubgraphDefinition,
  type SubgraphOverrides,
} from '@cso/platform';
import { ReceivedPolicy, receivedPoliciesConsumer } from './policy/received-policy.js';
import { EscalatedRow } from './report/escalation.js';
import { Certificate, CertificateSequence, Objection, StreetFiling } from './filing/filing.entity.js';
import { filingConsumers, noticeSweep } from './filing/filing.service.js';
import {
  CommunityRef,
  OrganizationRef,
  ObjectionResolver,
  OrganizationFilingResolver,
  PublicNoticeResolver,
  StreetAuditTrailResolver,
  StreetFilingResolver,
  filingReferenceResolvers,
} from './filing/filing.resolver.js';
import { migrations } from './migrations/index.js';
import { MonthlyReport } from './monthly/monthly.entity.js';
import { OrganizationArchiveRef, StreetArchiveResolver, archiveReferenceResolvers } from './monthly/archive.resolver.js';
import {
  CommunityComplianceResolver,
  DistrictComplianceResolver,
  OrganizationMonthlyResolver,
  StreetComplianceResolver,
} from './monthly/monthly.resolver.js';
import { StreetReport } from './report/report.entity.js';
import { StreetReportResolver, reportReferenceResolvers } from './report/report.resolver.js';
import { reportConsumers } from './report/report.service.js';
import { Street } from './street/street.entity.js';
import { DistrictStreetsResolver, StreetResolver, streetReferenceResolvers } from './street/street.resolver.js';

export const entities = [
  Street,
  StreetFiling,
  EscalatedRow,
  StreetReport,
  MonthlyReport,
  Objection,
  Certificate,
  CertificateSequence,
  AuditRecord,
  ReceivedPolicy,
  OutboxEvent,
  InboxEvent,
];

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [
      StreetResolver,
      DistrictStreetsResolver,
      StreetFilingResolver,
      PublicNoticeResolver,
      ObjectionResolver,
      OrganizationFilingResolver,
      StreetAuditTrailResolver,
      StreetReportResolver,
      OrganizationMonthlyResolver,
      DistrictComplianceResolver,
      StreetComplianceResolver,
      CommunityComplianceResolver,
      StreetArchiveResolver,
    ],
    referenceResolvers: {
      ...streetReferenceResolvers,
      ...filingReferenceResolvers,
      ...reportReferenceResolvers,
      ...archiveReferenceResolvers,
    },
    orphanedTypes: [CommunityRef, OrganizationRef, OrganizationArchiveRef],
    authChecker,
  });
}

export const definition: SubgraphDefinition = {
  name: 'street',
  entities,
  migrations,
  buildSchema,
  parseClaims: callerFromClaims,
  // The demo data is development-only: loaded on demand, absent from a production install.
  seed: async (em, options) => (await import('./seed/seed.js')).seedStreet(em, options),
  // The street's decisions and certificates go to the community and the district.
  produces: [FilingProgressed, ReportReviewedByStreet] as EventContract<unknown>[],
  // The street applies notice, review and reporting deadlines (the district's policies), queues
  // the filings the communities forward, and voids certificates the district cancels.
  consumers: [receivedPoliciesConsumer as Consumer<unknown>, ...filingConsumers, ...reportConsumers],
  // Issues certificates (or voids them for dissolutions) when notices end.
  jobs: [noticeSweep],
};

/** Starts the street branches' subgraph (街道分会). */
export function bootstrap(overrides: SubgraphOverrides = {}, env: Record<string, string | undefined> = process.env) {
  return bootstrapSubgraph(definition, env, overrides);
}
