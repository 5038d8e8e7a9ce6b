import { describe, expect, it } from 'vitest';
import { uniformCut } from './uniform-cut.js';
import { cutRate, targetsMetScore, assertAssessmentDraft, assertAssessmentStep, assertConclusion, assertSheet, assessmentTotal, rankPerLevel, rectifiedOnTimeScore, scoreEvaluation, type AssessmentItem, type EvaluationIndicators } from './evaluation.js';

const quarter = (quota: number, occupied: number) => ({ day: '2026-03-31', quota, occupied, vacant: quota - occupied });
const base: EvaluationIndicators = { workload: [{ name: '行政审批件数', unit: '件', previous: 1000, current: 1000 }], quarters: [quarter(20, 19), quarter(20, 19)], outsideQuota: 1, findings: 0, violations: 0 };

describe('scoreEvaluation: the documented method', () => {
  it('gives full marks to a unit whose workload held, with few vacancies, few staff outside quota and no findings', () => {
    expect(scoreEvaluation(base)).toMatchObject({ total: 100, parts: { workload: 40, quotaUse: 30, outsideQuota: 15, compliance: 15 }, suggestion: 'keep', suggestedCut: 0 });
  });

  it('scores shrunken work and idle quota low and suggests cutting what the work no longer carries, within the vacancies', () => {
    // Workload halved; 8 of 20 vacant (40%): quota use 0; 6 outside quota of 20 (30%): 7.5; one finding: 10.
    const score = scoreEvaluation({ ...base, workload: [{ name: '检查户次', unit: '次', previous: 400, current: 200 }], quarters: [quarter(20, 12), quarter(20, 12)], outsideQuota: 6, findings: 1 });
    expect(score.parts).toEqual({ workload: 20, quotaUse: 0, outsideQuota: 7.5, compliance: 10 });
    expect(score).toMatchObject({ total: 37.5, workloadRatio: 0.5, vacancyRate: 0.4, suggestion: 'cut', suggestedCut: 8 });
  });

  it('takes 10 points of quota use for every quarter end over quota, and never suggests cutting beyond the vacancies', () => {
    const score = scoreEvaluation({ ...base, workload: [{ name: '案件', unit: '件', previous: 100, current: 10 }], quarters: [quarter(10, 11), quarter(10, 10)] });
    expect(score.quartersOverQuota).toBe(1);
    expect(score.parts.quotaUse).toBe(20);
    expect(score.suggestedCut).toBe(0);
  });

  it('interpolates the vacancy rate between 5% and 30%', () => {
    expect(scoreEvaluation({ ...base, quarters: [quarter(100, 82.5)] }).parts.quotaUse).toBe(15);
  });

  it('refuses to score without workload figures or quarter figures', () => {
    expect(() => scoreEvaluation({ ...base, workload: [] })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => scoreEvaluation({ ...base, quarters: [] })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('assertConclusion', () => {
  it('needs a quota type and a positive amount within the vacancies for a cut, and no amount otherwise', () => {
    expect(() => assertConclusion({ kind: 'cut', ledger: 'administrative', amount: 3 }, 5)).not.toThrow();
    expect(() => assertConclusion({ kind: 'cut', ledger: 'administrative', amount: 6 }, 5)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', detail: { vacant: 5 } }));
    expect(() => assertConclusion({ kind: 'cut', amount: 3 }, 5)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => assertConclusion({ kind: 'keep', amount: 2 }, 5)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => assertConclusion({ kind: 'adjust' }, null)).not.toThrow();
  });
});

const sheet: AssessmentItem[] = [
  { key: 'rectified', name: '违规问题按期整改', weight: 30, source: 'violations_rectified', evidence: '' },
  { key: 'disclosure', name: '信息公开完整', weight: 20, source: 'disclosure', evidence: '' },
  { key: 'monthly', name: '月报按时报送', weight: 25, source: 'entered', evidence: '月报报送记录' },
  { key: 'targets', name: '控编减编任务完成', weight: 25, source: 'entered', evidence: '任务完成情况报告' },
];

describe('the assessment sheet and its scores', () => {
  it('accepts a sheet whose weights sum to 100 with each entered item naming its evidence', () => {
    expect(() => assertSheet(sheet)).not.toThrow();
    expect(() => assertSheet(sheet.map((i) => (i.key === 'monthly' ? { ...i, weight: 20 } : i)))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', detail: { sum: 95 } }));
    expect(() => assertSheet([...sheet.slice(0, 3), { ...sheet[3]!, key: 'monthly' }])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => assertSheet(sheet.map((i) => (i.key === 'targets' ? { ...i, evidence: ' ' } : i)))).toThrow(/evidence/);
  });

  it('weights each item’s 0–100 score; an item not scored counts 0', () => {
    expect(assessmentTotal(sheet, { rectified: 50, disclosure: 100, monthly: 80, targets: null })).toBe(55);
    expect(assessmentTotal(sheet, { rectified: 100, disclosure: 100, monthly: 100, targets: 100 })).toBe(100);
  });

  it('counts violations closed by their deadline; none due is full marks', () => {
    expect(rectifiedOnTimeScore([])).toBe(100);
    expect(rectifiedOnTimeScore([{ deadline: '2026-03-31', closedOn: '2026-03-31' }, { deadline: '2026-03-31', closedOn: '2026-04-01' }, { deadline: '2026-06-30', closedOn: null }])).toBe(33.3);
  });

  it('counts the targets due in the year that were met; none due is full marks', () => {
    expect(targetsMetScore([])).toBe(100);
    expect(targetsMetScore([{ status: 'met' }, { status: 'missed' }, { status: 'behind' }])).toBe(33.3);
  });

  it('ranks per level, equal totals sharing a rank', () => {
    const ranked = rankPerLevel([
      { id: 'a', level: 'district', total: 90 },
      { id: 'b', level: 'district', total: 95 },
      { id: 'c', level: 'district', total: 90 },
      { id: 'd', level: 'district', total: 80 },
      { id: 'e', level: 'department', total: 70 },
    ]);
    expect(Object.fromEntries(ranked.map((r) => [r.id, r.rank]))).toEqual({ b: 1, a: 2, c: 2, d: 4, e: 1 });
  });

  it('goes draft → reviewed → published, each step by another person, and changes only in draft', () => {
    expect(() => assertAssessmentStep({ state: 'draft', editedBy: 'p1', reviewedBy: null }, 'reviewed', 'p1')).toThrow(expect.objectContaining({ code: 'SELF_APPROVAL' }));
    expect(() => assertAssessmentStep({ state: 'draft', editedBy: 'p1', reviewedBy: null }, 'reviewed', 'p2')).not.toThrow();
    expect(() => assertAssessmentStep({ state: 'draft', editedBy: 'p1', reviewedBy: null }, 'published', 'p3')).toThrow(expect.objectContaining({ code: 'ASSESSMENT_STATE' }));
    expect(() => assertAssessmentStep({ state: 'reviewed', editedBy: 'p1', reviewedBy: 'p2' }, 'published', 'p2')).toThrow(expect.objectContaining({ code: 'SELF_APPROVAL' }));
    expect(() => assertAssessmentStep({ state: 'reviewed', editedBy: 'p1', reviewedBy: 'p2' }, 'published', 'p1')).not.toThrow();
    expect(() => assertAssessmentDraft('reviewed')).toThrow(expect.objectContaining({ code: 'ASSESSMENT_STATE' }));
    expect(() => assertAssessmentDraft('draft')).not.toThrow();
  });
});

describe('cutRate: a cut of N from one unit as a uniform cut', () => {
  it('cuts exactly N whatever the quota, within a uniform cut’s rate', () => {
    for (let quota = 1; quota <= 300; quota++) {
      for (let amount = 1; amount < quota; amount++) {
        const rate = cutRate(quota, amount);
        if (rate === null) {
          expect(amount + 0.5 >= quota / 2, `${amount} of ${quota}`).toBe(true);
          continue;
        }
        expect(rate).toBeGreaterThan(0);
        expect(rate).toBeLessThan(0.5);
        expect(uniformCut([{ id: 'u', quota, occupied: 0, excepted: false }, { id: 'other', quota: 50, occupied: 0, excepted: true }], rate).units[0]!.cut, `${amount} of ${quota}`).toBe(amount);
      }
    }
    expect(cutRate(10, 0)).toBeNull();
    expect(cutRate(10, 5)).toBeNull();
    expect(cutRate(0, 1)).toBeNull();
  });
});
