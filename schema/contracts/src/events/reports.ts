import { z } from 'zod';
import { defineEvent } from '@cso/platform';

/**
 * 重大活动汇报 Escalation events: a major-activity report goes community → street → district; each
 * level records its own review in its own subgraph and tells the others. Every event names the
 * report's `round` (1, then +1 after each return and resubmission): a consumer ignores an event of a
 * round it has passed, and a level's event never overrides a later level's in the same round.
 */

const id = z.string().uuid();
const placement = { organizationId: id, communityId: id, streetId: id, districtId: id };

export const ReportEscalated = defineEvent({
  type: 'community.report-escalated',
  version: 1,
  description: '报街道 The community committee forwarded a major-activity report to the street branch.',
  payload: z.object({
    reportId: id,
    round: z.number().int().min(1),
    ...placement,
    organizationName: z.string().min(1),
    title: z.string().min(1),
    plannedStart: z.string().datetime(),
    /** When the street received it, and when its review is due (the district's response days). */
    at: z.string().datetime(),
    dueAt: z.string().datetime(),
  }),
  consumers: ['street'],
  aggregateKey: (p) => p.reportId,
});

export const ReportReviewedByStreet = defineEvent({
  type: 'street.report-reviewed',
  version: 1,
  description:
    '街道意见 The street branch forwarded a major-activity report to the district, returned it to the organization, or rejected it.',
  payload: z.object({
    reportId: id,
    round: z.number().int().min(1),
    ...placement,
    organizationName: z.string().min(1),
    title: z.string().min(1),
    plannedStart: z.string().datetime(),
    decision: z.enum(['FORWARD', 'RETURN', 'REJECT']),
    opinion: z.string(),
    reviewerName: z.string(),
    at: z.string().datetime(),
    /** When the district's decision is due (FORWARD only). */
    dueAt: z.string().datetime().nullable(),
  }),
  consumers: ['community', 'district'],
  aggregateKey: (p) => p.reportId,
});

export const ReportDecidedByDistrict = defineEvent({
  type: 'district.report-decided',
  version: 1,
  description:
    '区协会决定 The district association approved (with conditions) or rejected a major-activity report, or returned it to the organization.',
  payload: z.object({
    reportId: id,
    round: z.number().int().min(1),
    decision: z.enum(['APPROVE', 'REJECT', 'RETURN']),
    opinion: z.string(),
    conditions: z.string().nullable(),
    deciderName: z.string(),
    at: z.string().datetime(),
  }),
  consumers: ['community'],
  aggregateKey: (p) => p.reportId,
});

export const REPORT_EVENT_CONTRACTS = [ReportEscalated, ReportReviewedByStreet, ReportDecidedByDistrict];
