import { clock, type RequestContext } from '@cso/platform';
import { filingsByOrganization } from '../filing/filing.loader.js';
import { reportsByOrganization } from '../report/report.loader.js';
import { satisfactionByOrganization } from '../satisfaction/satisfaction.loader.js';
import { ArchiveItem, byDateDesc } from './archive-item.js';
import { reportsInArchive } from './archive.policy.js';

const KIND_OF_FILING: Record<string, [string, string]> = {
  NEW: ['FILING_MATERIALS', '成立备案申请'],
  CHANGE: ['CHANGE_MATERIALS', '变更备案申请'],
  DISSOLUTION: ['DISSOLUTION_MATERIALS', '注销备案申请'],
};

/**
 * 社区档案 What the community committee keeps of an organization's file: filing, change and
 * dissolution applications, the major-activity reports the caller may see, satisfaction evaluations;
 * newest first. Batched across the organizations of a request.
 */
export async function communityArchive(ctx: RequestContext, organizationId: string): Promise<ArchiveItem[]> {
  const [filings, allReports, ratings] = await Promise.all([
    filingsByOrganization(ctx).load(organizationId),
    reportsByOrganization(ctx).load(organizationId),
    satisfactionByOrganization(ctx).load(organizationId),
  ]);
  const reports = reportsInArchive(ctx.caller, allReports, clock.now());
  return [
    ...filings.map((f) =>
      ArchiveItem.of('community', KIND_OF_FILING[f.kind]![0], `${KIND_OF_FILING[f.kind]![1]}(${f.status})`, f.submittedAt),
    ),
    ...reports.map((r) =>
      ArchiveItem.of('community', 'ACTIVITY_MATERIALS', `重大活动汇报:${r.title}(${r.status})`, r.submittedAt),
    ),
    ...ratings.map((r) => ArchiveItem.of('community', 'EVALUATION', `满意度测评 ${r.period}:${r.score}分`, r.ratedAt)),
  ].sort(byDateDesc);
}
