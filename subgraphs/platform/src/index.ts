/**
 * @cso/platform: what every service runs on, knowing no tier, table or role of a tier. Server
 * bootstrap, configuration, errors, request context and loaders, keyset pagination, SQL filters,
 * operation guards, HTTP, token verification and the gateway secret, the event runtime, audit
 * storage, clock and calendar, logging. Test helpers are in `@cso/platform/testing`.
 */
export * from './config.js';
export * from './context.js';
export * from './errors.js';
export * from './ids.js';
export * from './loaders.js';
export * from './lookup.js';
export * from './logger.js';
export * from './orm.js';
export * from './pagination.js';
export * from './keyset.js';
export * from './prepared.js';
export * from './rows.js';
export * from './selection.js';
export * from './bulk-load.js';
export * from './sql-filter.js';
export * from './schema.js';
export * from './server.js';
export * from './migrations.js';
export * from './database.js';
export * from './auth/index.js';
export * from './guards.js';
export * from './audit/index.js';
export * from './http.js';
export * from './mask.js';
export * from './events/index.js';
export * from './clock.js';
export * from './calendar.js';
export * from './checks.js';
export * from './service.js';
export * from './migrate.js';
export * from './request-scope.js';
export * from './unavailable.js';
export * from './idempotency.js';
export * from './entities.js';
export * from './migrations/index.js';
export * from './observability/index.js';
