import type { RequestContext } from '@cso/platform';
import { cancellationsByOrganization } from '../filing/filing.loader.js';
import { CreditKind } from '../oversight/oversight.entity.js';
import {
  awardsByOrganization,
  creditEventsByOrganization,
  inspectionsByOrganization,
  readableRegisterEntry,
} from '../oversight/oversight.loader.js';
import { ArchiveItem, byDateDesc } from './archive-item.js';

const TIER = 'district';
const RESULT: Record<string, string> = { PASS: '合格', BASIC_PASS: '基本合格', FAIL: '不合格' };

/**
 * 区级档案 What the district association keeps of an organization's file (inspections, awards,
 * credit events, cancellation), newest first. It is read under the same rule as those records
 * (oversight.policy.ts, applied by `readableRegisterEntry`); empty when the district never registered the organization.
 */
export async function districtArchiveOf(ctx: RequestContext, organizationId: string): Promise<ArchiveItem[]> {
  if (!(await readableRegisterEntry(ctx, organizationId))) return [];
  const [inspections, awards, credit, cancellations] = await Promise.all([
    inspectionsByOrganization(ctx).load(organizationId),
    awardsByOrganization(ctx).load(organizationId),
    creditEventsByOrganization(ctx).load(organizationId),
    cancellationsByOrganization(ctx).load(organizationId),
  ]);
  const cancellation = cancellations[0];
  const items = [
    ...inspections.map((i) =>
      ArchiveItem.of(
        TIER,
        'INSPECTION',
        `${i.year}年度年检:${RESULT[i.result]}${i.rectifyBy ? `,限期${i.rectifyBy}前改正` : ''}`,
        i.inspectedAt,
      ),
    ),
    ...awards.map((a) => ArchiveItem.of(TIER, 'AWARD', `${a.year}年度表彰:${a.title}`, a.grantedAt)),
    ...credit.map((c) =>
      ArchiveItem.of(TIER, 'CREDIT', `${c.kind === CreditKind.POSITIVE ? '+' : '-'}${c.points} ${c.reason}`, c.recordedAt),
    ),
    ...(cancellation
      ? [ArchiveItem.of(TIER, 'HANDLING_RESULT', `取消备案资格:${cancellation.reason}`, cancellation.cancelledAt)]
      : []),
  ];
  return items.sort(byDateDesc);
}
