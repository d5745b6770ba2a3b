/**
 * @cso/contracts: what the tiers agree on, versioned. Event types and their payloads, the roles and
 * their scope claims with the jurisdiction rules, and the district's policy values. A breaking
 * change is a new version beside the old one; the published files in schema/events and
 * schema/contracts are locked by checksum (see published.ts).
 */
export * from './roles/v1.js';
export * from './policies.js';
export * from './events/index.js';
