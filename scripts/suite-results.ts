import { existsSync, readFileSync } from 'node:fs';

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

/** Counts from vitest's JSON reporter file (jest-compatible fields). */
export function vitestTally(path: string): Tally | undefined {
  if (!existsSync(path)) return undefined;
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites?: number;
  };
  return {
    passed: report.numPassedTests,
    // A test file that fails to load has no failed test, but is a failure all the same.
    failed: report.numFailedTests + (report.numFailedTestSuites ?? 0),
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/** Counts from Playwright's JSON reporter file; a flaky test passed on retry and counts as passed. */
export function playwrightTally(path: string): Tally | undefined {
  if (!existsSync(path)) return undefined;
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    errors?: unknown[];
  };
  return {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected + (report.errors?.length ?? 0),
    skipped: report.stats.skipped,
  };
}

export const sum = (tallies: Tally[]): Tally =>
  tallies.reduce((total, t) => ({ passed: total.passed + t.passed, failed: total.failed + t.failed, skipped: total.skipped + t.skipped }), {
    passed: 0,
    failed: 0,
    skipped: 0,
  });
