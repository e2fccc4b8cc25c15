import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { vitestTally } from './suite-results.ts';

describe('vitestTally', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tach-tally-'));
  afterEach(() => rmSync(join(dir, 'report.json'), { force: true }));
  const tally = (report: object) => {
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
    return vitestTally(join(dir, 'report.json'));
  };

  it('counts a failing test once, not again through its file', () => {
    expect(
      tally({
        numPassedTests: 5, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0, numFailedTestSuites: 2,
        testResults: [{ status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'failed' }] }],
      }),
    ).toEqual({ passed: 5, failed: 1, skipped: 0 });
  });

  it('counts a file that failed to load, which has no failed test, as one failure', () => {
    expect(
      tally({ numPassedTests: 5, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0, testResults: [{ status: 'failed', assertionResults: [] }] }),
    ).toEqual({ passed: 5, failed: 1, skipped: 1 });
  });
});
