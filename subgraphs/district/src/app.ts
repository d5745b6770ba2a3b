import 'reflect-metadata';
import { callerFromClaims, ReportDecidedByDistrict, FilingCancelled, LeaderBlacklisted, PoliciesUpdated } from '@cso/contracts';
import {
  authChecker,
  bootstrapSubgraph,
  buildFederatedSchema,
  type SubgraphDefinition,
  type SubgraphOverrides,
  AuditRecord,
  InboxEvent,
  OutboxEvent,
  type EventContract,
} from '@cso/platform';
import { EscalatedRow } from './report/escalation.js';
import { BlacklistEntry, FiledOrganization, FilingCancellation } from './filing/filing.entity.js';
import { DistrictFilingResolver } from './filing/filing.resolver.js';
import { filingConsumers } from './filing/filing.service.js';
import { District } from './district/district.entity.js';
import { DistrictPolicy } from './policy/policy.entity.js';
import { DistrictPolicyResolver } from './policy/policy.resolver.js';
import { DistrictResolver, districtReferenceResolvers } from './district/district.resolver.js';
import { migrations } from './migrations/index.js';
import { Award, CreditEvent, Inspection } from './oversight/oversight.entity.js';
import { DistrictArchiveResolver, OrganizationArchiveRef, archiveReferenceResolvers } from './oversight/archive.resolver.js';
import {
  CommunityOversightResolver,
  CommunityRef,
  DistrictOversightResolver,
  OrganizationRef,
  OversightResolver,
  StreetOversightResolver,
  StreetRef,
  oversightReferenceResolvers,
} from './oversight/oversight.resolver.js';
import { DistrictReport } from './report/report.entity.js';
import { DistrictReportResolver, reportReferenceResolvers } from './report/report.resolver.js';
import { reportConsumers } from './report/report.service.js';

export const entities = [
  District,
  DistrictPolicy,
  FiledOrganization,
  FilingCancellation,
  BlacklistEntry,
  EscalatedRow,
  DistrictReport,
  Inspection,
  CreditEvent,
  Award,
  AuditRecord,
  OutboxEvent,
  InboxEvent,
];

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [
      DistrictResolver,
      DistrictPolicyResolver,
      DistrictFilingResolver,
      DistrictReportResolver,
      OversightResolver,
      DistrictOversightResolver,
      StreetOversightResolver,
      CommunityOversightResolver,
      DistrictArchiveResolver,
    ],
    referenceResolvers: {
      ...districtReferenceResolvers,
      ...reportReferenceResolvers,
      ...oversightReferenceResolvers,
      ...archiveReferenceResolvers,
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
  produces: [PoliciesUpdated, FilingCancelled, LeaderBlacklisted, ReportDecidedByDistrict] as EventContract<unknown>[],
  // The district keeps a register of filed organizations from the street's events (for cancellations).
  consumers: [...filingConsumers, ...reportConsumers],
};

/** Starts the district association's subgraph (区级协会). */
export function bootstrap(overrides: SubgraphOverrides = {}, env: Record<string, string | undefined> = process.env) {
  return bootstrapSubgraph(definition, env, overrides);
}
