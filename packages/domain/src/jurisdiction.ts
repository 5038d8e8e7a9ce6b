import { DomainError } from './errors.js';

/** City (市本级) → district/county (区县) → township/subdistrict (乡镇街道). */
export const jurisdictionLevels = ['city', 'district', 'township'] as const;
export type JurisdictionLevel = (typeof jurisdictionLevels)[number];

const childLevel: Record<JurisdictionLevel, JurisdictionLevel | null> = {
  city: 'district',
  district: 'township',
  township: null,
};

/**
 * Administrative division codes (GB/T 2260): 6 digits for cities and districts, 9 digits for
 * townships (the 6-digit county code followed by a 3-digit township number, GB/T 10114).
 */
export function checkDivisionCode(level: JurisdictionLevel, code: string, parentCode: string | null): void {
  const expectedLength = level === 'township' ? 9 : 6;
  if (!/^\d+$/.test(code) || code.length !== expectedLength) {
    throw new DomainError('JURISDICTION_CODE_INVALID', `code ${code} must be ${expectedLength} digits for a ${level}`);
  }
  if (level === 'city' && !code.endsWith('00')) {
    throw new DomainError('JURISDICTION_CODE_INVALID', `a city code ends in 00, got ${code}`);
  }
  if (level === 'district' && parentCode && code.slice(0, 4) !== parentCode.slice(0, 4)) {
    throw new DomainError('JURISDICTION_CODE_INVALID', `district code ${code} must start with its city's ${parentCode.slice(0, 4)}`);
  }
  if (level === 'township' && parentCode && code.slice(0, 6) !== parentCode) {
    throw new DomainError('JURISDICTION_CODE_INVALID', `township code ${code} must start with its district's ${parentCode}`);
  }
}

/** A city has no parent; every other level sits directly under the level above it. */
export function checkParentLevel(level: JurisdictionLevel, parentLevel: JurisdictionLevel | null): void {
  if (level === 'city') {
    if (parentLevel !== null) throw new DomainError('JURISDICTION_PARENT_LEVEL', 'a city has no parent jurisdiction');
    return;
  }
  if (parentLevel === null || childLevel[parentLevel] !== level) {
    throw new DomainError('JURISDICTION_PARENT_LEVEL', `a ${level} must sit under a ${level === 'district' ? 'city' : 'district'}`);
  }
}

/** A jurisdiction tree as rules read it: each id's parent. */
export type ParentMap = ReadonlyMap<string, { parentId: string | null }>;

/** A jurisdiction and its ancestors, nearest first. */
export function pathUp(tree: ParentMap, id: string): string[] {
  const path: string[] = [];
  for (let at: string | null = id; at; at = tree.get(at)?.parentId ?? null) path.push(at);
  return path;
}

/** Whether `ancestor` lies strictly above `id`. */
export const isAncestorOf = (tree: ParentMap, ancestor: string, id: string): boolean => ancestor !== id && pathUp(tree, id).includes(ancestor);

/** The top of the tree `id` belongs to (the city). */
export const rootOf = (tree: ParentMap, id: string): string => pathUp(tree, id).at(-1)!;
