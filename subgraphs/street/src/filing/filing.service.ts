import { FilingCancelled, FilingForwarded, FilingProgressed, isRole } from '@cso/contracts';
import {
  ConflictError,
  consumerOf,
  emitEvent,
  ForbiddenError,
  maskName,
  maskPhone,
  mobilePhone,
  NotFoundError,
  personName,
  textLength,
  ProblemList,
  recordAudit,
  recordSystemAudit,
  type BackgroundJob,
  type Caller,
  type Consumer,
  type RequestContext,
} from '@cso/platform';
import { policiesFor } from '../policy/received-policy.js';
import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Street } from '../street/street.entity.js';
import { certificateNumber } from './certificate-number.js';
import { Certificate, Objection, StreetFiling } from './filing.entity.js';
import { ObjectionDecision, ObjectionStatus, StreetDecision, StreetStage } from './filing.enums.js';

const TIER = 'street';
/** How a certificate voided by the district's cancellation is marked. */
const CANCELLATION_PREFIX = '取消备案资格:';
const DAY = 24 * 60 * 60 * 1000;

export function assertStreetOfficer(caller: Caller, streetId: string): void {
  if (!isRole(caller, 'STREET_OFFICER') || caller.streetId !== streetId) {
    throw new ForbiddenError('Only the officers of this street branch decide its filings', 'JURISDICTION');
  }
}

const auditOf = (f: StreetFiling) => ({
  kind: f.kind,
  stage: f.stage,
  organizationId: f.organizationId,
  decision: f.decision,
  version: f.version,
});

/** Moves the filing to a new stage and tells the community and the district, in the caller's transaction. */
function progress(
  tx: EntityManager,
  filing: StreetFiling,
  stage: StreetStage,
  opinion: string | null,
  certificate: string | null,
  now: Date,
): void {
  filing.stage = stage;
  filing.version += 1;
  tx.persist(filing);
  emitEvent(tx, FilingProgressed, {
    filingId: filing.id,
    kind: filing.kind as 'NEW' | 'CHANGE' | 'DISSOLUTION',
    organizationId: filing.organizationId,
    organizationName: filing.organizationName,
    communityId: filing.communityId,
    streetId: filing.streetId,
    districtId: filing.districtId,
    stage,
    opinion,
    version: filing.version,
    certificateNumber: certificate,
    at: now.toISOString(),
  });
}

async function lockedFiling(tx: EntityManager, id: string): Promise<StreetFiling> {
  const filing = await tx.findOne(StreetFiling, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!filing) throw new NotFoundError('FilingApplication', id);
  return filing;
}

/**
 * 街道审核 The street branch decides a forwarded filing. APPROVE opens the public notice for the
 * district's notice days (as this tier received them); REJECT ends the filing. Audited; the other
 * tiers hear of it through the outbox.
 */
export function decideFiling(ctx: RequestContext, id: string, decision: StreetDecision, opinion: string): Promise<StreetFiling> {
  return ctx.em.transactional(async (tx) => {
    const filing = await lockedFiling(tx, id);
    assertStreetOfficer(ctx.caller, filing.streetId);
    if (filing.stage !== StreetStage.PENDING) {
      throw new ConflictError(`Filing application ${filing.id} was decided already (${filing.stage})`, 'ALREADY_DECIDED');
    }
    const problems = new ProblemList();
    textLength(problems, 'opinion', opinion, 2, 500);
    problems.throwIfAny();
    const before = auditOf(filing);
    const now = new Date();
    Object.assign(filing, {
      decision,
      opinion: opinion.trim(),
      decidedAt: now,
      deciderName: ctx.caller.kind === 'user' ? ctx.caller.name : null,
    });
    if (decision === StreetDecision.APPROVE) {
      const policies = (await policiesFor(tx, [filing.districtId])).get(filing.districtId)!;
      filing.noticeStartsAt = now;
      filing.noticeEndsAt = new Date(now.getTime() + policies.publicNoticeDays * DAY);
      progress(tx, filing, StreetStage.NOTICE, filing.opinion, null, now);
    } else {
      progress(tx, filing, StreetStage.REJECTED, filing.opinion, null, now);
    }
    recordAudit(tx, ctx, TIER, {
      action: 'decideFiling',
      targetType: 'FilingApplication',
      targetId: filing.id,
      scopeId: filing.districtId,
      before,
      after: { ...auditOf(filing), noticeEndsAt: filing.noticeEndsAt },
    });
    return filing;
  });
}

export interface ObjectionInput {
  content: string;
  contactName: string;
  contactPhone: string;
}

/** 异议 Anyone may object while a notice runs; the contact details stay with the street. Audited (masked). */
export function lodgeObjection(ctx: RequestContext, filingId: string, input: ObjectionInput): Promise<Objection> {
  const problems = new ProblemList();
  textLength(problems, 'input.content', input.content, 10, 1000);
  personName(problems, 'input.contactName', input.contactName);
  mobilePhone(problems, 'input.contactPhone', input.contactPhone);
  problems.throwIfAny();
  return ctx.em.transactional(async (tx) => {
    // Shared lock: objections may arrive together, but not while the notice is being closed.
    const filing = await tx.findOne(StreetFiling, { id: filingId }, { lockMode: LockMode.PESSIMISTIC_READ });
    if (!filing || !filing.noticeStartsAt) throw new NotFoundError('PublicNotice', filingId);
    if (filing.stage !== StreetStage.NOTICE || filing.noticeEndsAt! <= new Date()) {
      throw new ConflictError('This public notice has ended: objections are no longer received', 'NOTICE_CLOSED');
    }
    const objection = tx.create(Objection, {
      id: randomUUID(),
      filingId,
      content: input.content.trim(),
      contactName: input.contactName.trim(),
      contactPhone: input.contactPhone.trim(),
      lodgedAt: new Date(),
      status: ObjectionStatus.PENDING,
    });
    recordAudit(
      tx,
      ctx,
      TIER,
      {
        action: 'lodgeObjection',
        targetType: 'Objection',
        targetId: objection.id,
        scopeId: filing.districtId,
        before: null,
        after: { filingId, contactName: maskName(objection.contactName), contactPhone: maskPhone(objection.contactPhone) },
      },
      { allowPublic: true },
    );
    return objection;
  });
}

/** 异议处理 The street upholds an objection (the filing fails) or dismisses it. Audited. */
export function resolveObjection(
  ctx: RequestContext,
  id: string,
  decision: ObjectionDecision,
  opinion: string,
): Promise<Objection> {
  return ctx.em.transactional(async (tx) => {
    const found = await tx.findOne(Objection, { id });
    if (!found) throw new NotFoundError('Objection', id);
    // The filing first, then the objection: the same order as the notice sweep, so no deadlock.
    const filing = await lockedFiling(tx, found.filingId);
    assertStreetOfficer(ctx.caller, filing.streetId);
    const objection = await tx.findOneOrFail(Objection, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (objection.status !== ObjectionStatus.PENDING)
      throw new ConflictError(`Objection ${id} was resolved already (${objection.status})`, 'ALREADY_RESOLVED');
    if (filing.stage !== StreetStage.NOTICE) throw new ConflictError(`The notice is closed (${filing.stage})`, 'NOTICE_CLOSED');
    const problems = new ProblemList();
    textLength(problems, 'opinion', opinion, 2, 500);
    problems.throwIfAny();
    const now = new Date();
    Object.assign(objection, {
      status: decision === ObjectionDecision.UPHOLD ? ObjectionStatus.UPHELD : ObjectionStatus.DISMISSED,
      resolution: opinion.trim(),
      resolvedAt: now,
    });
    if (decision === ObjectionDecision.UPHOLD)
      progress(tx, filing, StreetStage.OBJECTION_UPHELD, `异议成立:${objection.resolution}`, null, now);
    recordAudit(tx, ctx, TIER, {
      action: 'resolveObjection',
      targetType: 'Objection',
      targetId: objection.id,
      scopeId: filing.districtId,
      before: { status: 'PENDING' },
      after: { status: objection.status, resolution: objection.resolution },
    });
    return objection;
  });
}

/** Completes a filing whose notice ended with no pending or upheld objection. */
async function complete(tx: EntityManager, filing: StreetFiling, now: Date): Promise<void> {
  let number: string | null = null;
  if (filing.kind === 'NEW') {
    const year = now.getUTCFullYear();
    const [row] = await tx.execute<{ last: number }[]>(
      `insert into certificate_sequence (street_id, year, last) values (?, ?, 1)
       on conflict (street_id, year) do update set last = certificate_sequence.last + 1 returning last`,
      [filing.streetId, year],
      'all',
    );
    const street = await tx.findOneOrFail(Street, { id: filing.streetId });
    number = certificateNumber(street.code, year, row!.last);
    tx.persist(
      tx.create(Certificate, {
        id: randomUUID(),
        organizationId: filing.organizationId,
        number,
        streetId: filing.streetId,
        communityId: filing.communityId,
        districtId: filing.districtId,
        filingId: filing.id,
        issuedAt: now,
      }),
    );
  } else if (filing.kind === 'DISSOLUTION') {
    await tx.execute(
      `update certificate set voided_at = ?, void_reason = ? where organization_id = ? and voided_at is null`,
      [now, '组织注销', filing.organizationId],
      'run',
    );
  }
  filing.completedAt = now;
  const before = auditOf(filing);
  progress(
    tx,
    filing,
    StreetStage.COMPLETED,
    number ? null : filing.kind === 'DISSOLUTION' ? '公示期满,证书作废,组织注销' : '公示期满,变更备案完成',
    number,
    now,
  );
  recordSystemAudit(tx, TIER, 'notice-sweep', {
    action: 'completeFiling',
    targetType: 'FilingApplication',
    targetId: filing.id,
    scopeId: filing.districtId,
    before,
    after: { ...auditOf(filing), certificateNumber: number },
  });
}

/**
 * 公示期满 The scheduled job: every notice that has ended with no pending or upheld objection is
 * completed (certificate issued, change recorded, or certificate voided). Rows are taken with
 * `skip locked`, so several street instances share the work without issuing twice.
 */
export const noticeSweep: BackgroundJob = {
  name: 'notice-sweep',
  async run(orm, log) {
    for (;;) {
      const done = await orm.em.fork().transactional(async (tx) => {
        const rows = await tx.execute<Record<string, unknown>[]>(
          `select * from street_filing f where stage = 'NOTICE' and notice_ends_at <= now()
             and not exists (select 1 from objection o where o.filing_id = f.id and o.status in ('PENDING', 'UPHELD'))
           order by notice_ends_at, id limit 20 for update skip locked`,
          [],
          'all',
        );
        const now = new Date();
        for (const row of rows) await complete(tx, tx.map(StreetFiling, row), now);
        return rows.length;
      });
      if (done) log.info({ completed: done }, 'public notices ended: filings completed');
      if (done < 20) return;
    }
  },
};

/** The community forwarded a filing: it joins the street's queue (once, however often the event arrives). */
export const filingForwardedConsumer = consumerOf(FilingForwarded, async (tx, p) => {
  // A forward that arrives after the district cancelled the organization is recorded, already closed.
  await tx.execute(
    `insert into street_filing (id, kind, organization_id, organization_name, category, purpose, activity_area, applicant_name, community_id, street_id, district_id, round, forwarded_at, stage, version)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
       case when exists (select 1 from certificate where organization_id = ? and void_reason like ?) then 'CANCELLED' else 'PENDING' end::street_stage, 0)
     on conflict (id) do nothing`,
    [
      p.filingId,
      p.kind,
      p.organizationId,
      p.organizationName,
      p.category,
      p.purpose,
      p.activityArea,
      p.applicantName,
      p.communityId,
      p.streetId,
      p.districtId,
      p.round,
      p.forwardedAt,
      p.organizationId,
      `${CANCELLATION_PREFIX}%`,
    ],
    'run',
  );
});

/** The district cancelled a filing: the certificate is voided and whatever was open at the street ends. */
export const filingCancelledConsumer = consumerOf(FilingCancelled, async (tx, p) => {
  await tx.execute(
    `update certificate set voided_at = ?, void_reason = ? where organization_id = ? and voided_at is null`,
    [p.cancelledAt, `${CANCELLATION_PREFIX}${p.reason}`, p.organizationId],
    'run',
  );
  await tx.execute(
    `update street_filing set stage = 'CANCELLED', version = version + 1 where organization_id = ? and stage in ('PENDING', 'NOTICE')`,
    [p.organizationId],
    'run',
  );
});

export const filingConsumers = [filingForwardedConsumer, filingCancelledConsumer] as unknown as Consumer<unknown>[];
