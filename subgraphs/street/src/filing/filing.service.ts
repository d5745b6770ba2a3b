import { FilingProgressed } from '@cso/contracts';
import {
  clock,
  ConflictError,
  emitEvent,
  isUuid,
  loadOrNotFound,
  maskName,
  maskPhone,
  mobilePhone,
  NotFoundError,
  personName,
  ProblemList,
  recordAudit,
  SqlFilter,
  textLength,
  type Page,
  type PageRequest,
  type RequestContext,
} from '@cso/platform';
import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { policyOf } from '../policy/received-policy.repository.js';
import { Objection, StreetFiling } from './filing.entity.js';
import { ObjectionDecision, ObjectionStatus, StreetDecision, StreetStage } from './filing.enums.js';
import type { ForwardedFilingFilter, ObjectionInput, PublicNoticeFilter } from './filing.inputs.js';
import { filingById } from './filing.loader.js';
import {
  assertMayDecideFiling,
  mayReadObjectionContact,
  mightReadObjectionContact,
  noticeIsOpen,
  noticePeriod,
  openNotices,
} from './filing.policy.js';
import { forwardedFilingsPage, lockFiling, noticesPage } from './filing.repository.js';
import { PublicNotice } from './filing.views.js';

export const TIER = 'street';

export const auditOf = (f: StreetFiling) => ({
  kind: f.kind,
  stage: f.stage,
  organizationId: f.organizationId,
  decision: f.decision,
  version: f.version,
});

/** Moves the filing to a new stage and tells the community and the district, in the caller's transaction. */
export function progress(
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
  const filing = await lockFiling(tx, id, 'write');
  if (!filing) throw new NotFoundError('FilingApplication', id);
  return filing;
}

/** 街道待办 The filings forwarded to the street that the caller may read (`readable`, the policy's SQL), narrowed by the filter. */
export function listForwardedFilings(
  ctx: RequestContext,
  readable: { sql: string; params: unknown[] },
  filter: ForwardedFilingFilter | null,
  request: PageRequest,
): Promise<Page<StreetFiling>> {
  const conditions = new SqlFilter()
    .add(readable.sql, ...readable.params)
    .id('streetId', 'street_id', filter?.streetId)
    .equals('stage', filter?.stage)
    .checked();
  return forwardedFilingsPage(ctx.em, conditions, request);
}

/** 公示 The notices running at the clock's time, ending soonest first. */
export async function listRunningNotices(
  ctx: RequestContext,
  filter: PublicNoticeFilter | null,
  request: PageRequest,
): Promise<Page<PublicNotice>> {
  const now = clock.now();
  const running = openNotices(now);
  const conditions = new SqlFilter()
    .add(running.sql, ...running.params)
    .id('streetId', 'street_id', filter?.streetId)
    .id('districtId', 'district_id', filter?.districtId)
    .checked();
  const page = await noticesPage(ctx.em, conditions, request);
  return { ...page, nodes: page.nodes.map((f) => PublicNotice.of(f, now)), cursorOf: (n) => page.cursorOf(n.filing) };
}

/** 公示 One notice (running or ended) by its filing id; NOT_FOUND before the street approved the filing. */
export async function publicNoticeOf(ctx: RequestContext, id: string): Promise<PublicNotice> {
  const filing = await loadOrNotFound(filingById(ctx), 'PublicNotice', id);
  if (!filing.noticeStartsAt) throw new NotFoundError('PublicNotice', id);
  return PublicNotice.of(filing, clock.now());
}

/** The notice of a filing, once the street has approved it. */
export function noticeOfFiling(filing: StreetFiling): PublicNotice | null {
  return !filing.placeholder && filing.noticeStartsAt ? PublicNotice.of(filing, clock.now()) : null;
}

/** 联系人 An objector's contact details, for the officers of the notice's street branch; null for everyone else. */
export async function objectionContact(
  ctx: RequestContext,
  objection: Objection,
): Promise<{ name: string; phone: string } | null> {
  // Nobody but a street officer costs a query.
  if (!mightReadObjectionContact(ctx.caller)) return null;
  const filing = await filingById(ctx).load(objection.filingId);
  return mayReadObjectionContact(ctx.caller, filing) ? { name: objection.contactName, phone: objection.contactPhone } : null;
}

/**
 * 街道审核 The street branch decides a forwarded filing. APPROVE opens the public notice for the
 * district's notice days (as this tier received them); REJECT ends the filing. Audited; the other
 * tiers hear of it through the outbox.
 */
export function decideFiling(ctx: RequestContext, id: string, decision: StreetDecision, opinion: string): Promise<StreetFiling> {
  return ctx.em.transactional(async (tx) => {
    const filing = await lockedFiling(tx, id);
    assertMayDecideFiling(ctx.caller, filing);
    if (filing.stage !== StreetStage.PENDING) {
      throw new ConflictError(`Filing application ${filing.id} was decided already (${filing.stage})`, 'ALREADY_DECIDED');
    }
    const problems = new ProblemList();
    textLength(problems, 'opinion', opinion, 2, 500);
    problems.throwIfAny();
    const before = auditOf(filing);
    const now = clock.now();
    Object.assign(filing, {
      decision,
      opinion: opinion.trim(),
      decidedAt: now,
      deciderName: ctx.caller.kind === 'user' ? ctx.caller.name : null,
    });
    if (decision === StreetDecision.APPROVE) {
      const notice = noticePeriod(now, (await policyOf(tx, filing.districtId)).publicNoticeDays);
      filing.noticeStartsAt = notice.startsAt;
      filing.noticeEndsAt = notice.endsAt;
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

/** 异议 Anyone may object while a notice runs; the contact details stay with the street. Audited (masked). */
export function lodgeObjection(ctx: RequestContext, filingId: string, input: ObjectionInput): Promise<Objection> {
  const problems = new ProblemList();
  textLength(problems, 'input.content', input.content, 10, 1000);
  personName(problems, 'input.contactName', input.contactName);
  mobilePhone(problems, 'input.contactPhone', input.contactPhone);
  problems.throwIfAny();
  return ctx.em.transactional(async (tx) => {
    // Shared lock: objections may arrive together, but not while the notice is being closed.
    const filing = await lockFiling(tx, filingId, 'read');
    if (!filing || !filing.noticeStartsAt) throw new NotFoundError('PublicNotice', filingId);
    const now = clock.now();
    if (!noticeIsOpen(filing, now)) {
      throw new ConflictError('This public notice has ended: objections are no longer received', 'NOTICE_CLOSED');
    }
    const objection = tx.create(Objection, {
      id: randomUUID(),
      filingId,
      content: input.content.trim(),
      contactName: input.contactName.trim(),
      contactPhone: input.contactPhone.trim(),
      lodgedAt: now,
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
    assertMayDecideFiling(ctx.caller, filing);
    const objection = await tx.findOneOrFail(Objection, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (objection.status !== ObjectionStatus.PENDING)
      throw new ConflictError(`Objection ${id} was resolved already (${objection.status})`, 'ALREADY_RESOLVED');
    if (filing.stage !== StreetStage.NOTICE) throw new ConflictError(`The notice is closed (${filing.stage})`, 'NOTICE_CLOSED');
    const problems = new ProblemList();
    textLength(problems, 'opinion', opinion, 2, 500);
    problems.throwIfAny();
    const now = clock.now();
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

/** A filing the gateway refers to; one the street never received is a placeholder whose street fields are null. */
export async function filingForReference(ctx: RequestContext, id: unknown): Promise<StreetFiling> {
  const found = typeof id === 'string' && isUuid(id) ? await filingById(ctx).load(id.toLowerCase()) : null;
  return found ?? Object.assign(new StreetFiling(), { id, placeholder: true });
}
