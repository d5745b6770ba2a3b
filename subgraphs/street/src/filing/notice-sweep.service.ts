import { clock, recordSystemAudit, type BackgroundJob } from '@cso/platform';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Street } from '../street/street.entity.js';
import { certificateNumber, certificateYear } from './certificate-number.js';
import { Certificate, type StreetFiling } from './filing.entity.js';
import { StreetStage } from './filing.enums.js';
import { lockEndedNotices, nextCertificateSequence, voidCertificate } from './filing.repository.js';
import { auditOf, progress, TIER } from './filing.service.js';

/** Notices completed per transaction of the sweep. */
const SWEEP_BATCH = 20;

/** Issues the certificate of a new organization: numbered per street and Beijing year of issue. */
async function issueCertificate(tx: EntityManager, filing: StreetFiling, now: Date): Promise<string> {
  const year = certificateYear(now);
  const sequence = await nextCertificateSequence(tx, filing.streetId, year);
  const street = await tx.findOneOrFail(Street, { id: filing.streetId });
  const number = certificateNumber(street.code, year, sequence);
  tx.persist(
    tx.create(Certificate, {
      id: randomUUID(),
      organizationId: filing.organizationId,
      number,
      streetId: filing.streetId,
      communityId: filing.communityId,
      districtId: filing.districtId,
      filingId: filing.id,
      issuedAt: now,
    }),
  );
  return number;
}

/** Completes a filing whose notice ended with no pending or upheld objection. */
async function completeFiling(tx: EntityManager, filing: StreetFiling, now: Date): Promise<void> {
  let number: string | null = null;
  if (filing.kind === 'NEW') number = await issueCertificate(tx, filing, now);
  else if (filing.kind === 'DISSOLUTION') await voidCertificate(tx, filing.organizationId, now, '组织注销');
  filing.completedAt = now;
  const before = auditOf(filing);
  progress(
    tx,
    filing,
    StreetStage.COMPLETED,
    number ? null : filing.kind === 'DISSOLUTION' ? '公示期满,证书作废,组织注销' : '公示期满,变更备案完成',
    number,
    now,
  );
  recordSystemAudit(tx, TIER, 'notice-sweep', {
    action: 'completeFiling',
    targetType: 'FilingApplication',
    targetId: filing.id,
    scopeId: filing.districtId,
    before,
    after: { ...auditOf(filing), certificateNumber: number },
  });
}

/**
 * 公示期满 The scheduled job: every notice that has ended at the clock's time with no pending or
 * upheld objection is completed (certificate issued, change recorded, or certificate voided).
 * Rows are taken with `skip locked`, so several street instances share the work without issuing twice.
 */
export const noticeSweep: BackgroundJob = {
  name: 'notice-sweep',
  async run(orm, log) {
    for (;;) {
      const done = await orm.em.fork().transactional(async (tx) => {
        const now = clock.now();
        const filings = await lockEndedNotices(tx, now, SWEEP_BATCH);
        for (const filing of filings) await completeFiling(tx, filing, now);
        return filings.length;
      });
      if (done) log.info({ completed: done }, 'public notices ended: filings completed');
      if (done < SWEEP_BATCH) return;
    }
  },
};
