import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { assertAuthorityEntriesDistinct, assertGuideConsistent, assertMaySetAuthorityList, authorityListJurisdiction, type JurisdictionNode } from './service-guides.js';

function refusal(run: () => void): DomainError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

describe('service guide timing', () => {
  const steps = [
    { name: '受理', days: 1 },
    { name: '审查', days: 3 },
    { name: '决定', days: null },
  ];
  it('accepts steps within the time limit, including exactly at it', () => {
    expect(refusal(() => assertGuideConsistent({ timeLimitDays: 4, steps }))).toBeUndefined();
    expect(refusal(() => assertGuideConsistent({ timeLimitDays: 20, steps }))).toBeUndefined();
  });
  it('refuses steps that take longer than the promised limit, in both languages', () => {
    const error = refusal(() => assertGuideConsistent({ timeLimitDays: 3, steps }));
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.localized?.['zh-CN']).toContain('合计 4 个工作日');
    expect(error?.localized?.en).toContain('4 working days');
  });
  it('refuses a step named twice', () => {
    const error = refusal(() => assertGuideConsistent({ timeLimitDays: 10, steps: [...steps, { name: '审查', days: 0 }] }));
    expect(error?.localized?.['zh-CN']).toContain('“审查”重复');
  });
});

describe('authority list entries', () => {
  it('refuses a decision listed twice, whoever holds it', () => {
    expect(refusal(() => assertAuthorityEntriesDistinct([{ matter: '年度预算' }, { matter: '内设机构设置' }]))).toBeUndefined();
    expect(refusal(() => assertAuthorityEntriesDistinct([{ matter: '年度预算' }, { matter: '年度预算' }]))?.localized?.en).toContain('listed twice');
  });
});

describe('who sets an authority list', () => {
  const city: JurisdictionNode = { id: 'c', parentId: null, level: 'city' };
  const district: JurisdictionNode = { id: 'd', parentId: 'c', level: 'district' };
  const township: JurisdictionNode = { id: 't', parentId: 'd', level: 'township' };
  const parentOf = (id: string) => [city, district, township].find((j) => j.id === id);

  it('is the bureau where the supervising organ sits; a township’s is its district’s', () => {
    expect(authorityListJurisdiction(city, parentOf)).toBe('c');
    expect(authorityListJurisdiction(district, parentOf)).toBe('d');
    expect(authorityListJurisdiction(township, parentOf)).toBe('d');
  });
  it('refuses every other bureau, the one above included', () => {
    expect(refusal(() => assertMaySetAuthorityList({ jurisdictionId: 'd' }, 'd', '区疾控中心'))).toBeUndefined();
    expect(refusal(() => assertMaySetAuthorityList({ jurisdictionId: 'c' }, 'd', '区疾控中心'))?.code).toBe('AUTHORITY_LIST_NOT_YOURS');
    expect(refusal(() => assertMaySetAuthorityList({ jurisdictionId: 't' }, 'd', '区疾控中心'))?.localized?.['zh-CN']).toContain('区疾控中心的政事权限清单');
  });
});
