/**
 * 出入编联动: when a delivery that failed is tried again, and when it is given up (dead-lettered).
 * Exponential backoff from `baseMs`, doubling per attempt up to `maxMs`; a delivery whose first
 * attempt lies `windowMs` or more in the past when it fails again is dead. Defaults: 10 s, one hour,
 * 24 hours (docs/integration.md).
 */
export interface RetrySchedule {
  baseMs: number;
  maxMs: number;
  windowMs: number;
}

export const defaultRetrySchedule: RetrySchedule = { baseMs: 10_000, maxMs: 3_600_000, windowMs: 86_400_000 };

export type AfterFailure = { dead: true } | { dead: false; nextAttemptAt: Date };

/** After the `attempts`-th failed attempt (1 = the first), at `now`, of a delivery first tried at `firstAttemptAt`. */
export function afterFailure(schedule: RetrySchedule, attempts: number, firstAttemptAt: Date, now: Date): AfterFailure {
  const elapsed = now.getTime() - firstAttemptAt.getTime();
  if (elapsed >= schedule.windowMs) return { dead: true };
  const delay = Math.min(schedule.maxMs, schedule.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
  // The last retry falls at the end of the window, not beyond it.
  const next = Math.min(now.getTime() + delay, firstAttemptAt.getTime() + schedule.windowMs);
  return { dead: false, nextAttemptAt: new Date(next) };
}

/** 2xx is delivered; anything else (and no answer) is a failure to retry. */
export const deliveredStatus = (statusCode: number | null): boolean => statusCode !== null && statusCode >= 200 && statusCode < 300;
