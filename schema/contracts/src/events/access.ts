import { defineEvent } from '@cso/platform';
import { z } from 'zod';

/**
 * 吊销 Access revoked by the district association: one token (`jti`) or every token of a person
 * (`sub`). Every service keeps a deny-list from it and refuses those tokens from then on.
 */
export const AccessRevoked = defineEvent({
  type: 'district.access-revoked',
  version: 1,
  description:
    '吊销令牌 The district association revoked a token (kind jti, by its id) or every token of a person (kind sub, by subject); every service refuses them until expiresAt (null: until lifted).',
  payload: z.object({
    districtId: z.string().uuid(),
    kind: z.enum(['jti', 'sub']),
    value: z.string().min(1).max(200),
    reason: z.string().min(1),
    revokedAt: z.string().datetime(),
    expiresAt: z.string().datetime().nullable(),
  }),
  consumers: ['street', 'community'],
  aggregateKey: (p) => `${p.kind}:${p.value}`,
});

export const ACCESS_EVENT_CONTRACTS = [AccessRevoked];
