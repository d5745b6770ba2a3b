import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isRole } from '../auth/caller.js';
import { keysetPage } from '../keyset.js';
import { connectionOf, type PageRequest } from '../pagination.js';
import type { RequestContext } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { AuditRecord } from './audit.entity.js';

export { AuditRecord };

export const AuditRecordConnection = connectionOf(AuditRecord, 'AuditRecord', 'A page of audit records, newest first.', { shareable: true });
export type AuditRecordConnection = InstanceType<typeof AuditRecordConnection>;

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  districtId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * Writes the audit record of a change; call it inside the transaction that makes the change.
 * Only the few changes anyone may make (an objection to a public notice) pass `allowPublic`.
 */
export function recordAudit(tx: EntityManager, ctx: RequestContext, tier: string, entry: AuditEntry, options: { allowPublic?: boolean } = {}): void {
  const actor =
    ctx.caller.kind === 'user'
      ? { actorId: ctx.caller.sub, actorName: ctx.caller.name, actorRole: ctx.caller.role }
      : options.allowPublic
        ? { actorId: 'public', actorName: '公众', actorRole: 'PUBLIC' }
        : null;
  if (!actor) throw new ForbiddenError('Changes need a signed-in user');
  tx.persist(tx.create(AuditRecord, { id: randomUUID(), tier, ...actor, requestId: ctx.requestId, ...entry }));
}

/** Writes the audit record of a change made by the system itself (a scheduled job). */
export function recordSystemAudit(tx: EntityManager, tier: string, job: string, entry: AuditEntry): void {
  tx.persist(tx.create(AuditRecord, { id: randomUUID(), tier, actorId: `system:${job}`, actorName: '系统', actorRole: 'SYSTEM', requestId: job, ...entry }));
}


/**
 * The audit trail of one district in this subgraph, newest first: for that district's officers
 * only. Each subgraph exposes its own part of the trail on `District`.
 */
export async function auditTrailPage(ctx: RequestContext, districtId: string, request: PageRequest): Promise<AuditRecordConnection> {
  if (!isRole(ctx.caller, 'DISTRICT_OFFICER') || ctx.caller.districtId !== districtId) {
    throw new ForbiddenError('The audit trail is for the officers of this district', 'AUDIT_DISTRICT_OFFICERS');
  }
  const page = await keysetPage<AuditRecord>(
    {
      em: ctx.em,
      entity: AuditRecord,
      table: 'audit_record',
      sortColumn: 'at',
      where: ['"district_id" = ?'],
      params: [districtId],
      descending: true,
    },
    request,
  );
  return AuditRecordConnection.from(page);
}
