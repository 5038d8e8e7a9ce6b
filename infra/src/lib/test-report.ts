import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

export interface TestTotals {
  passed: number;
  failed: number;
  skipped: number;
  files: number;
}

/** Sums the JSON reports every vitest run wrote into the report folder. */
export function sumReports(dir: string): TestTotals {
  const totals: TestTotals = { passed: 0, failed: 0, skipped: 0, files: 0 };
  if (!existsSync(dir)) return totals;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as VitestJson;
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    totals.files += 1;
  }
  return totals;
}
