import type { RequestContext } from '@cso/platform';
import type { Certificate, StreetFiling } from '../filing/filing.entity.js';
import type { MonthlyReport } from '../monthly/monthly.entity.js';
import { certificatesOfOrganization, filingsOfOrganization, monthlyReportsOfOrganization } from './archive.loader.js';
import { ArchiveItem, byDateDesc } from './archive.types.js';

const TIER = 'street';
const KIND: Record<string, string> = { NEW: '成立备案', CHANGE: '变更备案', DISSOLUTION: '注销备案' };

const decisionItem = (f: StreetFiling) =>
  ArchiveItem.of(
    TIER,
    'HANDLING_RESULT',
    `${KIND[f.kind] ?? f.kind}街道审核:${f.decision}${f.opinion ? `,${f.opinion}` : ''}`,
    f.decidedAt!,
  );

const reportItem = (r: MonthlyReport) =>
  ArchiveItem.of(
    TIER,
    'MONTHLY_REPORT',
    `${r.month} 月报(${r.participants}人次${r.late ? ',逾期' : ''}${r.revision > 1 ? `,第${r.revision}次更正` : ''})`,
    r.submittedAt,
  );

function certificateItems(certificate: Certificate | undefined): ArchiveItem[] {
  if (!certificate) return [];
  const issued = ArchiveItem.of(TIER, 'CERTIFICATE', `备案证书 ${certificate.number}`, certificate.issuedAt);
  if (!certificate.voidedAt) return [issued];
  const voided = ArchiveItem.of(
    TIER,
    'HANDLING_RESULT',
    `备案证书 ${certificate.number} 作废:${certificate.voidReason ?? ''}`,
    certificate.voidedAt,
  );
  return [issued, voided];
}

/**
 * 街道档案 What the street keeps of an organization, newest first: its filing decisions, the
 * current revision of each monthly report, the certificate (and its voiding).
 */
export async function streetArchiveItems(ctx: RequestContext, organizationId: string): Promise<ArchiveItem[]> {
  const [filings, certificates, reports] = await Promise.all([
    filingsOfOrganization(ctx).load(organizationId),
    certificatesOfOrganization(ctx).load(organizationId),
    monthlyReportsOfOrganization(ctx).load(organizationId),
  ]);
  return [
    ...filings.filter((f) => f.decidedAt).map(decisionItem),
    ...reports.filter((r) => r.supersededAt === null).map(reportItem),
    ...certificateItems(certificates[0]),
  ].sort(byDateDesc);
}
