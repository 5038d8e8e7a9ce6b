import { describe, expect, it } from 'vitest';
import { afterFailure, defaultRetrySchedule, deliveredStatus } from './linkage.js';

const start = new Date('2026-12-10T00:00:00Z');
const at = (ms: number) => new Date(start.getTime() + ms);

describe('delivery retries', () => {
  it('doubles the wait per attempt from 10 seconds, up to an hour', () => {
    expect(afterFailure(defaultRetrySchedule, 1, start, start)).toEqual({ dead: false, nextAttemptAt: at(10_000) });
    expect(afterFailure(defaultRetrySchedule, 2, start, at(10_000))).toEqual({ dead: false, nextAttemptAt: at(30_000) });
    expect(afterFailure(defaultRetrySchedule, 4, start, at(70_000))).toEqual({ dead: false, nextAttemptAt: at(150_000) });
    expect(afterFailure(defaultRetrySchedule, 30, start, at(5 * 3_600_000))).toEqual({ dead: false, nextAttemptAt: at(6 * 3_600_000) });
  });

  it('gives up once the first attempt is 24 hours past, and never schedules beyond the window', () => {
    expect(afterFailure(defaultRetrySchedule, 40, start, at(86_400_000))).toEqual({ dead: true });
    expect(afterFailure(defaultRetrySchedule, 40, start, at(86_400_000 - 60_000))).toEqual({ dead: false, nextAttemptAt: at(86_400_000) });
  });

  it('counts only 2xx as delivered', () => {
    expect([200, 204, 299].every(deliveredStatus)).toBe(true);
    expect([null, 199, 301, 410, 500].some(deliveredStatus)).toBe(false);
  });
});
