import { localYear } from '@cso/platform';

/** 备案证书编号 `{street code}-{year}-{sequence}`, the sequence counted per street and (Beijing) year. */
export function certificateNumber(streetCode: string, year: number, sequence: number): string {
  return `${streetCode}-${year}-${String(sequence).padStart(4, '0')}`;
}

/** The year of a certificate is the Beijing year it was issued in (a certificate issued at 00:30 on 1 January, Beijing time, is of the new year). */
export function certificateYear(issuedAt: Date): number {
  return localYear(issuedAt);
}
