import { describe, expect, it } from 'vitest';
import { assertNoticeStep, isOverdue, noticeNumber, type NoticeStatus, type NoticeStep } from './supervision.js';

describe('supervision notices', () => {
  it('numbers a notice by year and count', () => {
    expect(noticeNumber(2026, 3)).toBe('编督〔2026〕3号');
    expect(() => noticeNumber(2026, 0)).toThrow();
    expect(() => noticeNumber(2026, 1.5)).toThrow();
    expect(() => noticeNumber(10_000, 1)).toThrow();
  });

  it('allows each step only from its status', () => {
    const allowed = (status: NoticeStatus, step: NoticeStep, pending = 0) => {
      try {
        assertNoticeStep(status, step, pending);
        return true;
      } catch (error) {
        expect(error).toMatchObject({ code: 'NOTICE_STATE' });
        return false;
      }
    };
    expect([allowed('issued', 'acknowledge'), allowed('acknowledged', 'acknowledge'), allowed('closed', 'acknowledge')]).toEqual([true, false, false]);
    expect([allowed('issued', 'close'), allowed('acknowledged', 'close'), allowed('closed', 'close')]).toEqual([false, true, false]);
    expect([allowed('issued', 'talk'), allowed('acknowledged', 'talk'), allowed('closed', 'talk')]).toEqual([true, true, false]);
    expect(allowed('acknowledged', 'close', 2)).toBe(false);
  });

  it('says how many commitments hold a closure back, in both languages', () => {
    expect(() => assertNoticeStep('acknowledged', 'close', 2)).toThrow(expect.objectContaining({ localized: { 'zh-CN': '约谈承诺事项还有 2 项未确认完成，不能办结', en: '2 commitment(s) from talks on this notice are not confirmed done; it cannot be closed' } }));
  });

  it('is overdue only past the deadline and unfinished', () => {
    expect(isOverdue(false, '2026-03-31', '2026-04-01')).toBe(true);
    expect(isOverdue(false, '2026-03-31', '2026-03-31')).toBe(false);
    expect(isOverdue(true, '2026-03-31', '2026-04-01')).toBe(false);
  });
});
