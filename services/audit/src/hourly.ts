export interface JobLog {
  info(o: object, m: string): void;
  warn(o: object, m: string): void;
}

/**
 * Runs a catch-up job shortly after start and then every hour; a failure is logged and retried at
 * the next hour. Returns a stop function. The timers do not keep the process alive.
 */
export function repeatHourly(job: () => Promise<void>, options: { firstAfterMs: number; log: JobLog; failure: string }): () => void {
  const tick = () => void job().catch((error: unknown) => options.log.warn({ err: error }, options.failure));
  const first = setTimeout(tick, options.firstAfterMs);
  const hourly = setInterval(tick, 3600 * 1000);
  first.unref();
  hourly.unref();
  return () => {
    clearTimeout(first);
    clearInterval(hourly);
  };
}
