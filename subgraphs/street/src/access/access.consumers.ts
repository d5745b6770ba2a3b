import { AccessRevoked } from '@cso/contracts';
import { consumerOf, recordRevocation } from '@cso/platform';

/** The district revoked a token or a person's tokens: this tier's deny-list refuses them from now on. */
export const accessRevokedConsumer = consumerOf(AccessRevoked, async (tx, p) => {
  await recordRevocation(tx, {
    kind: p.kind,
    value: p.value,
    reason: p.reason,
    revokedAt: new Date(p.revokedAt),
    expiresAt: p.expiresAt ? new Date(p.expiresAt) : null,
  });
});
