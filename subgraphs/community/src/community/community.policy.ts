/**
 * The community's rules. Communities and their committees are public (no read rule); the district
 * tracks how many filed organizations each one has.
 */

/** 未达标社区 (seed 003) A community with fewer FILED organizations than the district's target (5 by default). */
export function belowCommunityTarget(filedOrganizations: number, target: number): boolean {
  return filedOrganizations < target;
}
