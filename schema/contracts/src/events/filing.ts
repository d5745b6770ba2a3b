import { z } from 'zod';
import { defineEvent } from '@cso/platform';

/**
 * The filing lifecycle's events (DESIGN §2 "Filing", §3 "Events between tiers"). Each carries
 * what the consuming tier's own rules need, nothing more: reads join across tiers at query time.
 */

export const FILING_KINDS = ['NEW', 'CHANGE', 'DISSOLUTION'] as const;
export type FilingKind = (typeof FILING_KINDS)[number];

/**
 * Where a forwarded filing stands at the street. Every street event carries the whole state and a
 * per-filing `version`, so a consumer keeps the highest version it has seen and an event that
 * arrives late (a retry overtaken by a newer one) changes nothing.
 */
export const STREET_STAGES = ['PENDING', 'REJECTED', 'NOTICE', 'OBJECTION_UPHELD', 'COMPLETED', 'CANCELLED'] as const;
export type StreetStage = (typeof STREET_STAGES)[number];

const id = z.string().uuid();

export const FilingForwarded = defineEvent({
  type: 'community.filing-forwarded',
  version: 1,
  description:
    '初审通过 The community committee forwarded a filing (new, change or dissolution) to the street branch after its preliminary review; the street queues it for decision.',
  payload: z.object({
    filingId: id,
    kind: z.enum(FILING_KINDS),
    organizationId: id,
    /** The name the filing would give the organization (the current name for a dissolution). */
    organizationName: z.string().min(1),
    category: z.string().min(1),
    purpose: z.string(),
    activityArea: z.string(),
    applicantName: z.string().min(1),
    communityId: id.nullable(),
    streetId: id,
    districtId: id,
    /** The community's submission round (1, then 2 after a correction…). */
    round: z.number().int().min(1),
    forwardedAt: z.string().datetime(),
  }),
  consumers: ['street'],
  aggregateKey: (p) => p.filingId,
});

export const FilingProgressed = defineEvent({
  type: 'street.filing-progressed',
  version: 1,
  description:
    '街道审核进展 A forwarded filing moved at the street: rejected, public notice opened, objection upheld, completed (certificate issued, or voided for a dissolution). The community updates the organization’s status; the district keeps its register of filed organizations.',
  payload: z.object({
    filingId: id,
    kind: z.enum(FILING_KINDS),
    organizationId: id,
    organizationName: z.string().min(1),
    communityId: id.nullable(),
    streetId: id,
    districtId: id,
    stage: z.enum(STREET_STAGES),
    opinion: z.string().nullable(),
    /** Per filing, incremented by every street event: consumers ignore a version they have passed. */
    version: z.number().int().min(1),
    certificateNumber: z.string().nullable(),
    at: z.string().datetime(),
  }),
  consumers: ['community', 'district'],
  aggregateKey: (p) => p.filingId,
});

export const FilingCancelled = defineEvent({
  type: 'district.filing-cancelled',
  version: 1,
  description:
    '取消备案资格 The district association cancelled an organization’s filing for violations; the street voids its certificate and the community marks it CANCELLED.',
  payload: z.object({ organizationId: id, districtId: id, reason: z.string().min(1), cancelledAt: z.string().datetime() }),
  consumers: ['street', 'community'],
  aggregateKey: (p) => p.organizationId,
});

export const LeaderBlacklisted = defineEvent({
  type: 'district.leader-blacklisted',
  version: 1,
  description: '失信惩戒 The district association blacklisted a person; the community refuses filings led by them.',
  payload: z.object({
    districtId: id,
    idNumber: z.string().regex(/^\d{17}[\dX]$/),
    name: z.string().min(1),
    reason: z.string().min(1),
    at: z.string().datetime(),
  }),
  consumers: ['community'],
  aggregateKey: (p) => `${p.districtId}:${p.idNumber}`,
});

export const FILING_EVENT_CONTRACTS = [FilingForwarded, FilingProgressed, FilingCancelled, LeaderBlacklisted];
