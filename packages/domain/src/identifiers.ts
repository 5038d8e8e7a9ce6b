/**
 * Check characters of the two national identifiers the platform stores.
 * - Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 *   alphabet (no I, O, Z, S, V); the last is a mod-31 check character over weighted positions.
 * - Resident identity card number (公民身份号码), GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2
 *   check character (0–9 or X), with the birth date in positions 7–14.
 */
const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = creditAlphabet.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * creditWeights[i]!;
  }
  return creditAlphabet[(31 - (sum % 31)) % 31]!;
}

/** True for a well-formed code: alphabet, a six-digit division code in positions 3–8, and the check character. */
export function isValidCreditCode(code: string): boolean {
  const upper = code.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(upper)) return false;
  return creditCodeCheckCharacter(upper.slice(0, 17)) === upper[17];
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheck = '10X98765432';

export function idNumberCheckCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * idWeights[i]!;
  return idCheck[sum % 11]!;
}

export interface IdNumberFacts {
  birthDate: { year: number; month: number; day: number };
  /** The 17th digit: odd for men, even for women. */
  sex: 'male' | 'female';
}

/** Reads birth date and sex from a valid 18-character number, or returns null when it is not one. */
export function parseIdNumber(id: string): IdNumberFacts | null {
  const upper = id.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(upper)) return null;
  if (idNumberCheckCharacter(upper.slice(0, 17)) !== upper[17]) return null;
  const year = Number(upper.slice(6, 10));
  const month = Number(upper.slice(10, 12));
  const day = Number(upper.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { birthDate: { year, month, day }, sex: Number(upper[16]) % 2 === 1 ? 'male' : 'female' };
}
