import { describe, expect, it } from 'vitest';
import { isDomainError, userMessage } from './errors.js';
import { assertDepartmentInRange, assertMayChangeCategory, assertMaySetLimits, assertWithinLimits, categoriesOf, countByCategory, limitBreaches, type LimitedUnit, type OrganizationLimit } from './organization-limits.js';

const government: LimitedUnit = { kind: 'organ', organBranch: 'government', institutionClass: null };
const party: LimitedUnit = { kind: 'organ', organBranch: 'party', institutionClass: null };
const court: LimitedUnit = { kind: 'organ', organBranch: 'other', institutionClass: null };
const welfare1: LimitedUnit = { kind: 'institution', organBranch: null, institutionClass: 'welfare_1' };
const dispatched: LimitedUnit = { kind: 'dispatched', organBranch: null, institutionClass: null };

const limits: OrganizationLimit[] = [
  { category: 'organ_all', maximum: 4, documentNumber: '甬编〔2026〕1号' },
  { category: 'organ_government', maximum: 2, documentNumber: '甬编〔2026〕1号' },
];

function refusal(run: () => void) {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  return null;
}

describe('organization limits', () => {
  it('counts a unit in every category it falls in', () => {
    expect(categoriesOf(government)).toEqual(['organ_all', 'organ_government']);
    expect(categoriesOf(court)).toEqual(['organ_all']);
    expect(categoriesOf(welfare1)).toEqual(['institution_all', 'institution_welfare_1']);
    expect(categoriesOf(dispatched)).toEqual([]);
    const counts = countByCategory([government, government, party, welfare1, { ...court, count: 2 }]);
    expect(counts).toMatchObject({ organ_all: 5, organ_government: 2, organ_party: 1, institution_all: 1, institution_welfare_1: 1, institution_welfare_2: 0 });
  });

  it('refuses a new unit that would take a category over its maximum, naming the limit', () => {
    const used = countByCategory([government, government, party]);
    expect(limitBreaches(limits, used, { added: [court], removed: [] })).toEqual([]);
    const error = refusal(() => assertWithinLimits('宁波市', limits, used, { added: [government], removed: [] }));
    expect(error?.code).toBe('ORGANIZATION_LIMIT_EXCEEDED');
    expect(error?.detail?.breaches).toHaveLength(1);
    expect(userMessage(error!, 'zh-CN')).toContain('宁波市政府工作部门限额2个（甬编〔2026〕1号），已有2个，变更后为3个');
    expect(userMessage(error!, 'en')).toContain('government departments are limited to 2 (甬编〔2026〕1号); 2 exist, the change makes 3');
  });

  it('lets a change that keeps or lowers a count through, even at or over the limit', () => {
    const used = countByCategory([government, government, government, party]);
    // A merger of two government departments into a new one: the count goes down by one.
    expect(limitBreaches(limits, used, { added: [government], removed: [government, government] })).toEqual([]);
    // A new unit replacing one (撤一建一 within the category): the count stays.
    expect(limitBreaches(limits, used, { added: [government], removed: [government] })).toEqual([]);
    // Replacing an institution by a government department raises the organ counts.
    expect(limitBreaches(limits, used, { added: [government], removed: [welfare1] }).map((b) => b.category)).toEqual(['organ_all', 'organ_government']);
  });

  it('treats a category without a limit as unlimited', () => {
    expect(limitBreaches([], countByCategory([welfare1]), { added: [welfare1, welfare1], removed: [] })).toEqual([]);
  });

  it('checks a department against its jurisdiction’s staffing range', () => {
    const range = { minHeadcount: 3, maxHeadcount: 15, documentNumber: '甬编〔2026〕2号' };
    expect(refusal(() => assertDepartmentInRange(range, { name: '办公室', headcount: 3 }))).toBeNull();
    expect(refusal(() => assertDepartmentInRange(range, { name: '办公室', headcount: 15 }))).toBeNull();
    expect(refusal(() => assertDepartmentInRange(null, { name: '办公室', headcount: 99 }))).toBeNull();
    const error = refusal(() => assertDepartmentInRange(range, { name: '综合处', headcount: 16 }));
    expect(error?.code).toBe('DEPARTMENT_OUT_OF_RANGE');
    expect(userMessage(error!, 'zh-CN')).toBe('内设机构“综合处”编制16名，不在本地区内设机构编制区间3—15名内（甬编〔2026〕2号）');
  });

  it('leaves a jurisdiction’s limits to the level above; the city records its own', () => {
    const city = { id: 'c', parentId: null, name: '宁波市' };
    const district = { id: 'd', parentId: 'c', name: '海曙区' };
    expect(refusal(() => assertMaySetLimits({ jurisdictionId: 'c' }, city))).toBeNull();
    expect(refusal(() => assertMaySetLimits({ jurisdictionId: 'c' }, district))).toBeNull();
    expect(refusal(() => assertMaySetLimits({ jurisdictionId: 'd' }, { id: 't', parentId: 'd', name: '鼓楼街道' }))).toBeNull();
    expect(refusal(() => assertMaySetLimits({ jurisdictionId: 'd' }, district))?.code).toBe('LIMIT_NOT_YOURS');
  });
  it('leaves relabelling a unit (branch, class) to the level above; filling in a missing one is the unit’s own jurisdiction’s', () => {
    const city = { id: 'c', parentId: null, name: '宁波市' };
    const district = { id: 'd', parentId: 'c', name: '海曙区' };
    const bureau = { name: '海曙区发展和改革局', organBranch: 'government' as const, institutionClass: null };
    const error = refusal(() => assertMayChangeCategory({ jurisdictionId: 'd' }, bureau, { organBranch: 'other' }, district, city));
    expect(error?.code).toBe('CATEGORY_NOT_YOURS');
    expect(userMessage(error!, 'zh-CN')).toBe('“海曙区发展和改革局”的机关类别或事业单位分类由宁波市机构编制部门调整（与核定海曙区机构限额的是同一级），海曙区不能自行变更');
    expect(userMessage(error!, 'en')).toContain('changed by the establishment bureau of 宁波市');
    expect(refusal(() => assertMayChangeCategory({ jurisdictionId: 'd' }, bureau, { organBranch: null }, district, city))?.code).toBe('CATEGORY_NOT_YOURS');
    expect(refusal(() => assertMayChangeCategory({ jurisdictionId: 'c' }, bureau, { organBranch: 'other' }, district, city))).toBeNull();
    expect(refusal(() => assertMayChangeCategory({ jurisdictionId: null }, bureau, { organBranch: 'other' }, district, city))).toBeNull();
    expect(refusal(() => assertMayChangeCategory({ jurisdictionId: 'd' }, bureau, { organBranch: 'government' }, district, city))).toBeNull();
    expect(refusal(() => assertMayChangeCategory({ jurisdictionId: 'd' }, { ...bureau, organBranch: null }, { organBranch: 'party' }, district, city))).toBeNull();
    const centre = { name: '海曙区疾控中心', organBranch: null, institutionClass: 'welfare_1' as const };
    expect(refusal(() => assertMayChangeCategory({ jurisdictionId: 'd' }, centre, { institutionClass: 'welfare_2' }, district, city))?.code).toBe('CATEGORY_NOT_YOURS');
    expect(refusal(() => assertMayChangeCategory({ jurisdictionId: 'c' }, centre, { institutionClass: 'welfare_2' }, city, null))).toBeNull();
  });
});
