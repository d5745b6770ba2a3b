import {
  inKeyOrder,
  rowReader,
  keysetPagesByParent,
  parentPages,
  type Page,
  type PageRequest,
  type ParentKeyset,
  type RequestContext,
} from '@cso/platform';
import { Member } from './member.entity.js';
import { keptMemberCounts, leadersOf } from './member.repository.js';

export interface MemberStats {
  organizationId: string;
  memberCount: number;
  partyMemberCount: number;
}

/** Member and party-member counts per organization (kept in its row), one statement per batch. */
export function memberStatsByOrganization(ctx: RequestContext) {
  return ctx.loaders.get<string, MemberStats>('member.stats', async (ids) => {
    const rows = await keptMemberCounts(ctx.em, ids);
    const stats = rows.map((r) => ({
      organizationId: r.organization_id,
      memberCount: Number(r.members),
      partyMemberCount: Number(r.party),
    }));
    return inKeyOrder(ids, stats, (s) => s.organizationId).map(
      (s, i) => s ?? { organizationId: ids[i]!, memberCount: 0, partyMemberCount: 0 },
    );
  });
}

export function leaderByOrganization(ctx: RequestContext) {
  return ctx.loaders.get<string, Member | null>('member.leader', async (ids) =>
    inKeyOrder(ids, (await leadersOf(ctx.em, ids)).map(rowReader(ctx.em, Member)), (m) => m.organization),
  );
}

function membersSource(ctx: RequestContext): ParentKeyset<Member> {
  return {
    em: ctx.em,
    entity: Member,
    table: 'member',
    sortColumn: 'name',
    where: [],
    params: [],
    parentColumn: 'organization_id',
    parentOf: (m) => m.organization,
  };
}

/** The roster page of each organization, batched across organizations that ask for the same page. */
export function memberPagesByOrganization(ctx: RequestContext, request: PageRequest) {
  return ctx.loaders.get<string, Page<Member>>(`member.pages:${JSON.stringify(request)}`, async (ids) => {
    const source = membersSource(ctx);
    const rows = await keysetPagesByParent(source, ids, request);
    return parentPages(rows, request, (i) =>
      memberStatsByOrganization(ctx)
        .load(ids[i]!)
        .then((s) => s.memberCount),
    );
  });
}
