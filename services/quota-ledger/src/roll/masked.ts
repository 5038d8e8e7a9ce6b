/** An ID number as lists, exports, audit events and error texts show it: region code and check tail only. */
export function masked(idNumber: string): string {
  return `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`;
}
