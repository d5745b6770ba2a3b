export * from '@cso/platform/embedded-postgres';
export * from './stack.js';
export * from './config.js';
export * from './dev-auth.js';
export * from './processes.js';
export * from './registry.js';
