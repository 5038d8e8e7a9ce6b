import { describe, expect, it } from 'vitest';
import { ageBand, ageOn, checkAnnualFigures, educationLevel, reportDates, type AnnualFigures } from './annual-report.js';

/** A small consistent return: 2 administrative places held by 2 people, 1 institution place vacant. */
function consistent(): AnnualFigures {
  return {
    organizations: { total: 3, byKind: { organ: 2, institution: 1 }, byRank: { zheng_chu: 1, zheng_ke: 2 }, institutions: 1, byClass: { welfare_1: 1 } },
    quota: {
      total: { quota: 3, occupied: 2 },
      byType: { administrative: { quota: 2, occupied: 2 }, institution: { quota: 1, occupied: 0 } },
      byJurisdiction: [
        { quota: 2, occupied: 1 },
        { quota: 1, occupied: 1 },
      ],
    },
    people: {
      administrative: { total: 2, bySex: { male: 1, female: 1 }, byAge: { to30: 1, '56plus': 1 }, byEducation: { bachelor: 2 }, byPostCategory: { management: 2 } },
      institution: { total: 0, bySex: {}, byAge: {}, byEducation: {}, byPostCategory: {} },
    },
    changes: {
      administrative: { peopleAtStart: 1, entries: { exam: 2 }, exits: { retirement: 1 }, quotaAtStart: 1, quotaChanges: { allocate: 2, recover: -1 } },
      institution: { peopleAtStart: 0, entries: {}, exits: {}, quotaAtStart: 0, quotaChanges: { allocate: 1 } },
    },
  };
}

describe('age on December 31', () => {
  it('counts a birthday on the day itself, and not the day after', () => {
    expect(ageOn('1995-12-31', '2025-12-31')).toBe(30);
    expect(ageOn('1996-01-01', '2025-12-31')).toBe(29);
    expect(ageOn('1980-02-29', '2025-12-31')).toBe(45);
  });

  it('puts each age in its band, at both edges', () => {
    expect(ageBand('1995-12-31', '2025-12-31')).toBe('to30');
    expect(ageBand('1994-12-31', '2025-12-31')).toBe('31to35');
    expect(ageBand('1990-12-31', '2025-12-31')).toBe('31to35');
    expect(ageBand('1989-12-31', '2025-12-31')).toBe('36to40');
    expect(ageBand('1975-01-01', '2025-12-31')).toBe('46to50');
    expect(ageBand('1970-12-31', '2025-12-31')).toBe('51to55');
    expect(ageBand('1969-12-31', '2025-12-31')).toBe('56plus');
  });
});

describe('education levels from the roll’s free text', () => {
  it('reads the usual words', () => {
    expect(educationLevel('博士研究生')).toBe('postgraduate');
    expect(educationLevel('硕士')).toBe('postgraduate');
    expect(educationLevel('大学本科')).toBe('bachelor');
    expect(educationLevel('大学专科')).toBe('college');
    expect(educationLevel('大专')).toBe('college');
    expect(educationLevel('高中')).toBe('secondary');
    expect(educationLevel(' ')).toBe('unrecorded');
  });
});

describe('the report’s consistency checks', () => {
  it('pass on tables that add up, one per check and type', () => {
    const checks = checkAnnualFigures(consistent());
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks).toHaveLength(7 + 2 * 7);
  });

  it('name the check, the type, both figures and the difference when occupied places and people disagree', () => {
    const f = consistent();
    f.people.administrative!.total = 3;
    f.people.administrative!.bySex.male = 2;
    f.people.administrative!.byAge.to30 = 2;
    f.people.administrative!.byEducation.bachelor = 3;
    f.people.administrative!.byPostCategory.management = 3;
    const failed = checkAnnualFigures(f).filter((c) => !c.passed);
    expect(failed).toEqual([
      { code: 'occupied_equals_people', ledger: 'administrative', expected: 2, actual: 3, difference: 1, passed: false },
      { code: 'people_year_end', ledger: 'administrative', expected: 2, actual: 3, difference: 1, passed: false },
    ]);
  });

  it('catch a breakdown that misses people, and totals over types or jurisdictions that do not add up', () => {
    const f = consistent();
    f.people.administrative!.byEducation = { bachelor: 1 };
    f.quota.byJurisdiction[1]!.quota = 0;
    f.organizations.byRank = { zheng_chu: 1 };
    f.quota.byType.institution!.quota = 2;
    const failed = checkAnnualFigures(f).filter((c) => !c.passed);
    expect(failed.map((c) => [c.code, c.ledger, c.difference])).toEqual([
      ['organizations_by_rank', null, -2],
      ['quota_by_type', null, 1],
      ['quota_by_jurisdiction', null, -1],
      ['people_by_education', 'administrative', -1],
      ['quota_year_end', 'institution', 1],
    ]);
  });

  it('check a type that appears in one table only against zeros in the others', () => {
    const f = consistent();
    f.changes.organ_worker = { peopleAtStart: 1, entries: {}, exits: {}, quotaAtStart: 1, quotaChanges: {} };
    const failed = checkAnnualFigures(f).filter((c) => !c.passed);
    expect(failed.map((c) => [c.code, c.ledger, c.expected, c.actual])).toEqual([
      ['people_year_end', 'organ_worker', 1, 0],
      ['quota_year_end', 'organ_worker', 1, 0],
    ]);
  });

  it('dates the report at the year’s last day and its start at the last day before', () => {
    expect(reportDates(2025)).toEqual({ asOf: '2025-12-31', startOf: '2024-12-31', yearStart: '2025-01-01' });
  });
});
