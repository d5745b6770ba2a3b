import 'reflect-metadata';
import { accessRevokedConsumer } from './access/access.consumers.js';
import { callerFromClaims, FilingProgressed, ReportReviewedByStreet } from '@cso/contracts';
import {
  authChecker,
  bootstrapSubgraph,
  buildFederatedSchema,
  type Consumer,
  type EventContract,
  type SubgraphDefinition,
  type SubgraphOverrides,
  PLATFORM_ENTITIES,
} from '@cso/platform';
import { ReceivedPolicy } from './policy/received-policy.entity.js';
import { receivedPoliciesConsumer } from './policy/received-policy.consumer.js';
import { Certificate, CertificateSequence, Objection, StreetFiling } from './filing/filing.entity.js';
import { filingConsumers } from './filing/filing.consumers.js';
import { noticeSweep } from './filing/notice-sweep.service.js';
import {
  ObjectionResolver,
  OrganizationFilingResolver,
  PublicNoticeResolver,
  StreetFilingResolver,
  filingReference,
} from './filing/filing.resolver.js';
import { StreetAuditTrailResolver } from './audit/audit.resolver.js';
import { migrations } from './migrations/index.js';
import { MonthlyReport } from './monthly/monthly.entity.js';
import {
  CommunityComplianceResolver,
  DistrictComplianceResolver,
  OrganizationMonthlyResolver,
  StreetComplianceResolver,
} from './monthly/monthly.resolver.js';
import { StreetArchiveResolver } from './archive/archive.resolver.js';
import { StreetReport } from './report/report.entity.js';
import { StreetReportResolver } from './report/report.resolver.js';
import { reportConsumers } from './report/report.consumers.js';
import { Street } from './street/street.entity.js';
import { DistrictStreetsResolver, StreetResolver, streetReference } from './street/street.resolver.js';
import { CommunityRef, communityReference } from './federation/community.ref.js';
import { districtReference } from './federation/district.ref.js';
import { reportReference } from './federation/major-activity-report.ref.js';
import { OrganizationArchiveRef, organizationArchiveReference } from './federation/organization-archive.ref.js';
import { OrganizationRef, organizationReference } from './federation/organization.ref.js';

export const entities = [
  Street,
  StreetFiling,
  StreetReport,
  MonthlyReport,
  Objection,
  Certificate,
  CertificateSequence,
  ReceivedPolicy,
  ...PLATFORM_ENTITIES,
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
      ...streetReference,
      ...districtReference,
      ...filingReference,
      ...communityReference,
      ...organizationReference,
      ...reportReference,
      ...organizationArchiveReference,
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
  consumers: [
    receivedPoliciesConsumer as Consumer<unknown>,
    ...filingConsumers,
    ...reportConsumers,
    accessRevokedConsumer as Consumer<unknown>,
  ],
  // Issues certificates (or voids them for dissolutions) when notices end.
  jobs: [noticeSweep],
};

/** Starts the street branches' subgraph (街道分会). */
export function bootstrap(overrides: SubgraphOverrides = {}, env: Record<string, string | undefined> = process.env) {
  return bootstrapSubgraph(definition, env, overrides);
}
