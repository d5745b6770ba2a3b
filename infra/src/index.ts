export * from './postgres.js';
export * from './stack.js';
export * from './config.js';
export * from './dev-auth.js';
