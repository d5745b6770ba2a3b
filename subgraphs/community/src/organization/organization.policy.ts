/** 党员活动站 threshold (seed 001): an organization with this many party members must set up a station. */
export const PARTY_STATION_THRESHOLD = 3;

export function needsPartyStation(partyMemberCount: number, threshold = PARTY_STATION_THRESHOLD): boolean {
  return partyMemberCount >= threshold;
}
