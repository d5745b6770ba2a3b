import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { keysetPage } from '../keyset.js';
import { connectionOf, type PageRequest } from '../pagination.js';
import type { RequestContext } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { AuditRecord } from './audit.entity.js';

export { AuditRecord };

export const AuditRecordConnection = connectionOf(AuditRecord, 'AuditRecord', 'A page of audit records, newest first.', {
  shareable: true,
});
export type AuditRecordConnection = InstanceType<typeof AuditRecordConnection>;

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  /** The scope whose trail the record belongs to (the service decides which, and who may read it). */
  scopeId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * Writes the audit record of a change; call it inside the transaction that makes the change.
 * Only the few changes anyone may make (such as a public comment) pass `allowPublic`.
 */
export function recordAudit(
  tx: EntityManager,
  ctx: RequestContext,
  service: string,
  entry: AuditEntry,
  options: { allowPublic?: boolean } = {},
): void {
  const actor =
    ctx.caller.kind === 'user'
      ? { actorId: ctx.caller.sub, actorName: ctx.caller.name, actorRole: ctx.caller.role }
      : options.allowPublic
        ? { actorId: 'public', actorName: '公众', actorRole: 'PUBLIC' }
        : null;
  if (!actor) throw new ForbiddenError('Changes need a signed-in user');
  tx.persist(tx.create(AuditRecord, { id: randomUUID(), tier: service, ...actor, requestId: ctx.requestId, ...entry }));
}

/** Writes the audit record of a change made by the system itself (a scheduled job). */
export function recordSystemAudit(tx: EntityManager, service: string, job: string, entry: AuditEntry): void {
  tx.persist(
    tx.create(AuditRecord, {
      id: randomUUID(),
      tier: service,
      actorId: `system:${job}`,
      actorName: '系统',
      actorRole: 'SYSTEM',
      requestId: job,
      ...entry,
    }),
  );
}

/** One scope's audit trail in this service, newest first. The caller is authorized by the service first. */
export async function auditTrailPage(ctx: RequestContext, scopeId: string, request: PageRequest): Promise<AuditRecordConnection> {
  const page = await keysetPage<AuditRecord>(
    {
      em: ctx.em,
      entity: AuditRecord,
      table: 'audit_record',
      sortColumn: 'at',
      where: ['"scope_id" = ?'],
      params: [scopeId],
      descending: true,
    },
    request,
  );
  return AuditRecordConnection.from(page);
}
