import { describe, expect, it } from 'vitest';
import { ratioStaff, roundHalfUp, standardGap, standardProblems, standardTotal, type StandardDefinition } from './standards.js';

/** The national school standard of 2001 (城市/县镇/农村) — students per staff member. */
const schools: StandardDefinition = {
  name: '中小学教职工编制标准',
  sector: 'education',
  institutionClass: null,
  variants: [
    { key: 'urban', label: '城市' },
    { key: 'rural', label: '农村' },
  ],
  ratios: [
    { indicator: 'students_primary', variant: 'urban', mode: 'step', bands: [{ upTo: null, staff: 1, per: 19 }] },
    { indicator: 'students_junior', variant: 'urban', mode: 'step', bands: [{ upTo: null, staff: 1, per: 13.5 }] },
    { indicator: 'students_primary', variant: 'rural', mode: 'step', bands: [{ upTo: null, staff: 1, per: 23 }] },
  ],
  minimum: 3,
  maximum: null,
};

/** Staff per bed growing with the hospital's size: the whole hospital at the ratio of its band. */
const hospitals: StandardDefinition = {
  name: '医院编制标准',
  sector: 'health',
  institutionClass: 'welfare_2',
  variants: [{ key: 'general', label: '综合医院' }],
  ratios: [
    {
      indicator: 'beds',
      variant: 'general',
      mode: 'step',
      bands: [
        { upTo: 299, staff: 1.3, per: 1 },
        { upTo: 499, staff: 1.5, per: 1 },
        { upTo: null, staff: 1.7, per: 1 },
      ],
    },
  ],
  minimum: null,
  maximum: 2000,
};

describe('standard totals', () => {
  it('adds the terms exactly and rounds once, half up', () => {
    // 100/19 + 27/13.5 = 5.263… + 2 = 7.263… → 7
    expect(standardTotal(schools, 'urban', { students_primary: 100, students_junior: 27 })).toMatchObject({ exact: '7.26', rounded: 7, total: 7, missing: [] });
    // 1 per 13.5 students is 2/27: 81 students are exactly 6
    expect(standardTotal(schools, 'urban', { students_primary: 0, students_junior: 81 }).rounded).toBe(6);
  });

  it('rounds exact halves up and anything below a half down', () => {
    expect(roundHalfUp({ num: 105n, den: 2n })).toBe(53);
    expect(roundHalfUp({ num: 5249n, den: 100n })).toBe(52);
    // 2014 pupils at 1:19 are exactly 106; 2004 are 105.47… → 105
    expect(standardTotal(schools, 'urban', { students_primary: 2014, students_junior: 0 }).rounded).toBe(106);
    expect(standardTotal(schools, 'urban', { students_primary: 2004, students_junior: 0 }).rounded).toBe(105);
    // One per two people: 105 people are exactly 52.5 → 53; 103 are 51.5 → 52
    const half: StandardDefinition = { ...schools, minimum: null, ratios: [{ indicator: 'population', variant: 'urban', mode: 'step', bands: [{ upTo: null, staff: 1, per: 2 }] }, { indicator: 'population', variant: 'rural', mode: 'step', bands: [{ upTo: null, staff: 1, per: 2 }] }] };
    expect(standardTotal(half, 'urban', { population: 105 })).toMatchObject({ exact: '52.50', rounded: 53 });
    expect(standardTotal(half, 'urban', { population: 103 })).toMatchObject({ exact: '51.50', rounded: 52 });
  });

  it('applies the minimum and the maximum after rounding', () => {
    expect(standardTotal(schools, 'urban', { students_primary: 20, students_junior: 0 })).toMatchObject({ rounded: 1, total: 3, clampedBy: 'minimum' });
    expect(standardTotal(hospitals, 'general', { beds: 5000 })).toMatchObject({ rounded: 8500, total: 2000, clampedBy: 'maximum' });
  });

  it('takes the whole value at its band’s ratio in step mode, each part at its own in marginal mode', () => {
    expect(standardTotal(hospitals, 'general', { beds: 299 }).total).toBe(389); // 388.7
    expect(standardTotal(hospitals, 'general', { beds: 300 }).total).toBe(450);
    expect(standardTotal(hospitals, 'general', { beds: 600 }).total).toBe(1020);
    const marginal = { mode: 'marginal' as const, bands: hospitals.ratios[0]!.bands };
    // 299 × 1.3 + 200 × 1.5 + 101 × 1.7 = 388.7 + 300 + 171.7
    expect(roundHalfUp(ratioStaff(marginal, 600))).toBe(860);
    expect(roundHalfUp(ratioStaff(marginal, 299))).toBe(389);
    expect(roundHalfUp(ratioStaff(marginal, 0))).toBe(0);
  });

  it('uses the variant’s own ratios and reports indicators with no value', () => {
    expect(standardTotal(schools, 'rural', { students_primary: 230 })).toMatchObject({ total: 10, missing: [] });
    expect(standardTotal(schools, 'urban', { students_primary: 190 })).toMatchObject({ total: 10, missing: ['students_junior'] });
  });

  it('is the exact sum of the terms on every student count from 0 to 1000', () => {
    for (let n = 0; n <= 1000; n++) {
      const { rounded } = standardTotal({ ...schools, minimum: null }, 'urban', { students_primary: n, students_junior: n });
      // n/19 + 2n/27 = (27n + 38n) / 513 = 65n/513, half up
      expect(rounded).toBe(Math.floor((2 * 65 * n + 513) / (2 * 513)));
    }
  });
});

describe('standard gaps', () => {
  it('compares the standard with approved quota plus filed headcount, and proposes the filed headcount of a filing-system unit', () => {
    expect(standardGap(120, 80, 20, true)).toEqual({ gap: 20, proposedFiled: 40, filedChange: 20 });
    expect(standardGap(90, 100, 5, true)).toEqual({ gap: -15, proposedFiled: 0, filedChange: -5 });
    expect(standardGap(90, 100, 0, false)).toEqual({ gap: -10, proposedFiled: null, filedChange: 0 });
  });
});

describe('definitions', () => {
  it('accepts the standards above', () => {
    expect(standardProblems(schools)).toEqual([]);
    expect(standardProblems(hospitals)).toEqual([]);
  });

  it('names what is wrong', () => {
    const bad: StandardDefinition = {
      ...hospitals,
      variants: [...hospitals.variants, { key: 'tcm', label: '中医院' }],
      ratios: [{ indicator: 'beds', variant: 'general', mode: 'step', bands: [{ upTo: 500, staff: 1.3, per: 1 }, { upTo: 400, staff: 1.555, per: 1 }] }],
      minimum: 10,
      maximum: 5,
    };
    const zh = standardProblems(bad).map((p) => p['zh-CN']);
    expect(zh).toEqual(
      expect.arrayContaining([
        '“综合医院·核定床位数”：只有最后一档不设上限',
        '“综合医院·核定床位数”：各档上限应为递增的整数',
        '“综合医院·核定床位数”：比例应为大于0、最多两位小数的数',
        '适用类别“中医院”没有设置比例',
        '最低编制数不能大于最高编制数',
      ]),
    );
  });
});
