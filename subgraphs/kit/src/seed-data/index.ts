export * from './generator.js';
