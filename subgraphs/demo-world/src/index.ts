export * from './generator.js';
export * from './demo-users.js';
export * from './filings.js';
export * from './reports.js';
export * from './oversight.js';
