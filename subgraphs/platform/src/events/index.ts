export * from './contract.js';
export * from './event.entities.js';
export * from './outbox.js';
export * from './bus.js';
export * from './consumer.js';
export * from './runtime.js';
