import { AuditRecord } from './audit/audit.entity.js';
import { RevokedAccess } from './auth/revocation.js';
import { InboxEvent, OutboxEvent } from './events/event.entities.js';
import { IdempotencyKey } from './idempotency.js';

/** The tables the platform keeps in every service's database: list them with the service's own entities. */
export const PLATFORM_ENTITIES = [AuditRecord, OutboxEvent, InboxEvent, IdempotencyKey, RevokedAccess];
