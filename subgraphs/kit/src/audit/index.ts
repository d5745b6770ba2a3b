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

/** Writes the audit record of a change; call it inside the transaction that makes the change. */
export function recordAudit(tx: EntityManager, ctx: RequestContext, tier: string, entry: AuditEntry): void {
  if (ctx.caller.kind !== 'user') throw new ForbiddenError('Changes need a signed-in user');
  tx.persist(
    tx.create(AuditRecord, {
      id: randomUUID(),
      tier,
      actorId: ctx.caller.sub,
      actorName: ctx.caller.name,
      actorRole: ctx.caller.role,
      requestId: ctx.requestId,
      ...entry,
    }),
  );
}

/** The SQL of the audit table, for each subgraph's migration. */
export const AUDIT_TABLE_SQL = [
  `create table "audit_record" ("id" uuid not null, "at" timestamptz(3) not null default now(), "tier" text not null, "actor_id" text not null, "actor_name" text not null, "actor_role" text not null, "action" text not null, "target_type" text not null, "target_id" uuid not null, "district_id" uuid not null, "before" jsonb null, "after" jsonb null, "request_id" text not null, primary key ("id"));`,
  `create index "audit_record_district_id_at_id_index" on "audit_record" ("district_id", "at", "id");`,
];

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
