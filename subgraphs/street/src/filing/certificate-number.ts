/** 备案证书编号 `{street code}-{year}-{sequence}`, the sequence counted per street and (Beijing) year. */
export function certificateNumber(streetCode: string, year: number, sequence: number): string {
  return `${streetCode}-${year}-${String(sequence).padStart(4, '0')}`;
}
