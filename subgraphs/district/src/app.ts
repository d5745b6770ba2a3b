import 'reflect-metadata';
import { AccessResolver } from './access/access.resolver.js';
import {
  AccessRevoked,
  callerFromClaims,
  ReportDecidedByDistrict,
  FilingCancelled,
  LeaderBlacklisted,
  PoliciesUpdated,
} from '@cso/contracts';
import {
  authChecker,
  bootstrapSubgraph,
  buildFederatedSchema,
  type SubgraphDefinition,
  type SubgraphOverrides,
  type EventContract,
  PLATFORM_ENTITIES,
} from '@cso/platform';
// The order of these imports is the order of the SDL (printed in the order the decorators run): the
// federation stubs first, then the contexts whose fields and mutations follow each other.
import { OrganizationRef, organizationReference } from './federation/organization.ref.js';
import { StreetRef, streetReference } from './federation/street.ref.js';
import { CommunityRef, communityReference } from './federation/community.ref.js';
import { OrganizationArchiveRef, organizationArchiveReference } from './federation/organization-archive.ref.js';
import { reportReference } from './federation/report.ref.js';
import { District } from './district/district.entity.js';
import { DistrictResolver, districtReferenceResolvers } from './district/district.resolver.js';
import { BlacklistEntry, FiledOrganization, FilingCancellation } from './filing/filing.entity.js';
import { DistrictFilingResolver } from './filing/filing.resolver.js';
import { filingConsumers } from './filing/filing.consumers.js';
import { DistrictPolicy } from './policy/policy.entity.js';
import { DistrictPolicyResolver } from './policy/policy.resolver.js';
import { DistrictAuditResolver } from './audit/audit.resolver.js';
import { Award, CreditEvent, Inspection } from './oversight/oversight.entity.js';
import {
  CommunityOversightResolver,
  DistrictOversightResolver,
  OversightResolver,
  StreetOversightResolver,
} from './oversight/oversight.resolver.js';
import { DistrictArchiveResolver } from './archive/archive.resolver.js';
import { DistrictReport } from './report/report.entity.js';
import { DistrictReportResolver } from './report/report.resolver.js';
import { reportConsumers } from './report/report.consumers.js';
import { migrations } from './migrations/index.js';

export const entities = [
  District,
  DistrictPolicy,
  FiledOrganization,
  FilingCancellation,
  BlacklistEntry,
  DistrictReport,
  Inspection,
  CreditEvent,
  Award,
  ...PLATFORM_ENTITIES,
];

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [
      DistrictResolver,
      DistrictFilingResolver,
      DistrictPolicyResolver,
      DistrictAuditResolver,
      OversightResolver,
      DistrictOversightResolver,
      StreetOversightResolver,
      CommunityOversightResolver,
      DistrictArchiveResolver,
      DistrictReportResolver,
      AccessResolver,
    ],
    referenceResolvers: {
      ...districtReferenceResolvers,
      ...reportReference,
      ...organizationReference,
      ...streetReference,
      ...communityReference,
      ...organizationArchiveReference,
    },
    orphanedTypes: [OrganizationRef, OrganizationArchiveRef, StreetRef, CommunityRef],
    authChecker,
  });
}

export const definition: SubgraphDefinition = {
  name: 'district',
  entities,
  migrations,
  buildSchema,
  parseClaims: callerFromClaims,
  // The demo data is development-only: loaded on demand, absent from a production install.
  seed: async (em, options) => (await import('./seed/seed.js')).seedDistrict(em, options),
  produces: [
    PoliciesUpdated,
    FilingCancelled,
    LeaderBlacklisted,
    ReportDecidedByDistrict,
    AccessRevoked,
  ] as EventContract<unknown>[],
  // The district keeps a register of filed organizations from the street's events (for cancellations).
  consumers: [...filingConsumers, ...reportConsumers],
};

/** Starts the district association's subgraph (区级协会). */
export function bootstrap(overrides: SubgraphOverrides = {}, env: Record<string, string | undefined> = process.env) {
  return bootstrapSubgraph(definition, env, overrides);
}
