export * from './subgraph-fetch.js';
