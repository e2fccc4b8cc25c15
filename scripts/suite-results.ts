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
    testResults?: { status: string; assertionResults?: { status: string }[] }[];
  };
  // A test file that fails to load has no failed test, but is a failure all the same. A file with
  // failed tests is already counted through them (counting its suites too once said 3 for 1).
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
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

interface PlaywrightSuite {
  title: string;
  suites?: PlaywrightSuite[];
  specs?: { title: string; tests: { annotations: { type: string; description?: string }[]; status: string }[] }[];
}

/** Each skipped end-to-end test with the reason it gave, so a skip is never silent. */
export function playwrightSkips(path: string): string[] {
  if (!existsSync(path)) return [];
  const report = JSON.parse(readFileSync(path, 'utf8')) as { suites: PlaywrightSuite[] };
  const skips: string[] = [];
  const walk = (suite: PlaywrightSuite, trail: string[]) => {
    const here = suite.title ? [...trail, suite.title] : trail;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status !== 'skipped') continue;
        const reason = test.annotations.find((annotation) => annotation.type === 'skip')?.description ?? 'no reason given';
        skips.push(`${[...here, spec.title].join(' › ')}: ${reason}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of report.suites) walk(suite, []);
  return skips;
}
