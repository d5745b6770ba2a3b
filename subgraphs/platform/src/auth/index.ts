export * from './caller.js';
export * from './tokens.js';
export * from './secret.js';
export * from './personal-data.js';
export * from './checker.js';
export * from './revocation.js';
