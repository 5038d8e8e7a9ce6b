import { describe, expect, it } from 'vitest';
import {
  changeKindOfEvent,
  correctionOrderNumber,
  disclosureDeadline,
  disclosureScore,
  disclosureScoreWeights,
  disclosureStatus,
  isLateStatus,
} from './disclosure-timeliness.js';
import { WorkingCalendar } from './working-days.js';

describe('disclosure deadline', () => {
  it('counts ten working days from the effective date, skipping weekends and holidays', () => {
    // Friday 2026-09-18 + 10 working days: 20 Sep (Sunday) is a 调休 working day, 25–27 Sep and 1–7 Oct are holidays.
    expect(disclosureDeadline('quota', '2026-09-18')).toBe('2026-10-09');
    // Monday 2026-11-02: two plain weeks.
    expect(disclosureDeadline('name', '2026-11-02')).toBe('2026-11-16');
  });
  it('gives the people count twenty working days', () => {
    expect(disclosureDeadline('people', '2026-11-02')).toBe('2026-11-30');
  });
  it('uses the calendar it is given', () => {
    const calendar = new WorkingCalendar([{ day: '2026-11-03', kind: 'holiday' }]);
    expect(disclosureDeadline('rank', '2026-11-02', calendar)).toBe('2026-11-17');
  });
});

describe('disclosure status', () => {
  it('is published on or before the deadline, late after it', () => {
    expect(disclosureStatus('2026-11-16', '2026-11-16', '2026-12-01')).toBe('published');
    expect(disclosureStatus('2026-11-16', '2026-11-17', '2026-12-01')).toBe('late');
  });
  it('is pending until the deadline has passed, then overdue', () => {
    expect(disclosureStatus('2026-11-16', null, '2026-11-16')).toBe('pending');
    expect(disclosureStatus('2026-11-16', null, '2026-11-17')).toBe('overdue');
  });
  it('counts late and overdue as late', () => {
    expect(['published', 'late', 'pending', 'overdue'].filter((s) => isLateStatus(s as never))).toEqual(['late', 'overdue']);
  });
});

describe('change kinds', () => {
  it('maps the logged events that must be disclosed and nothing else', () => {
    expect(changeKindOfEvent('registry.organization.created')).toBe('establishment');
    expect(changeKindOfEvent('registry.organization.merged_in')).toBe('merger');
    expect(changeKindOfEvent('registry.organization.renamed')).toBe('name');
    expect(changeKindOfEvent('registry.organization.rank_changed')).toBe('rank');
    expect(changeKindOfEvent('registry.organization.three_determinations_published')).toBe('functions');
    expect(changeKindOfEvent('ledger.leadership.posts_set')).toBe('leadership_posts');
    expect(changeKindOfEvent('ledger.person.entered')).toBe('people');
    expect(changeKindOfEvent('registry.organization.funding_changed')).toBeNull();
    expect(changeKindOfEvent('audit.notice.issued')).toBeNull();
  });
});

describe('correction order number', () => {
  it('numbers per year', () => {
    expect(correctionOrderNumber(2026, 3)).toBe('编公补〔2026〕3号');
    expect(() => correctionOrderNumber(2026, 0)).toThrow();
  });
});

describe('disclosure score', () => {
  it('weighs completeness, timeliness and accuracy 50/30/20', () => {
    expect(disclosureScoreWeights.completeness + disclosureScoreWeights.timeliness + disclosureScoreWeights.accuracy).toBe(100);
    expect(disclosureScore({ applicable: 6, present: 6, due: 2, onTime: 2, compared: 10, equal: 10 })).toEqual({ score: 100, completeness: 100, timeliness: 100, accuracy: 100 });
    // All fields present, but one of two changes late and one value of ten out of date.
    expect(disclosureScore({ applicable: 6, present: 6, due: 2, onTime: 1, compared: 10, equal: 9 })).toEqual({ score: 83, completeness: 100, timeliness: 50, accuracy: 90 });
    expect(disclosureScore({ applicable: 4, present: 3, due: 1, onTime: 0, compared: 8, equal: 8 })).toEqual({ score: 58, completeness: 75, timeliness: 0, accuracy: 100 });
  });
  it('gives full marks to a part with nothing to count', () => {
    expect(disclosureScore({ applicable: 4, present: 2, due: 0, onTime: 0, compared: 0, equal: 0 })).toEqual({ score: 75, completeness: 50, timeliness: 100, accuracy: 100 });
  });
  it('refuses counts that cannot be', () => {
    expect(() => disclosureScore({ applicable: 4, present: 5, due: 0, onTime: 0, compared: 0, equal: 0 })).toThrow();
    expect(() => disclosureScore({ applicable: 4, present: 4, due: 1, onTime: 2, compared: 0, equal: 0 })).toThrow();
  });
});
