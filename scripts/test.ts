// `npm test`: every check Tach has, in one run: lint, type-check, build, unit and integration
// tests (vitest, against a real RabbitMQ and ZooKeeper), end-to-end tests (Playwright, Chromium
// against the headless door). Ends with one line summing them all: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_TEST_PACKAGES, ensureDebianPackages } from '../test/harness/ensure-packages.ts';
import { playwrightSkips, playwrightTally, sum, vitestTally, type Tally } from './suite-results.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const reports = mkdtempSync(join(tmpdir(), 'tach-test-reports-'));
const rows: { suite: string; tally: Tally; seconds: number }[] = [];

function run(suite: string, command: string, args: string[], tally: (ok: boolean) => Tally | undefined): boolean {
  console.log(`\n=== ${suite}: ${[command.replace(`${root}/`, ''), ...args].join(' ')}`);
  const started = Date.now();
  // CI logs are read as text: no colour codes there (tinyrainbow colours whenever FORCE_COLOR exists, even "0").
  const env = process.env.CI ? { ...process.env, NO_COLOR: '1' } : process.env;
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  const ok = result.status === 0;
  // A runner that crashed before writing its report still counts as one failure.
  const counted = tally(ok) ?? { passed: 0, failed: 1, skipped: 0 };
  if (!ok && counted.failed === 0) counted.failed = 1;
  rows.push({ suite, tally: counted, seconds: Math.round((Date.now() - started) / 1000) });
  return ok;
}
const single = (ok: boolean): Tally => ({ passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });

try {
  await ensureDebianPackages(ALL_TEST_PACKAGES);
} catch (error) {
  console.error(`The tests need Debian packages that are not installed. Run:\n  ${(error as Error).message}`);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

run('lint', bin('eslint'), ['--max-warnings', '0', '.'], single);
run('type-check (node)', bin('tsc'), ['-p', 'tsconfig.node.json'], single);
run('type-check (web)', bin('tsc'), ['-p', 'tsconfig.web.json'], single);
const built = run('build', bin('electron-vite'), ['build'], single);
const vitestReport = join(reports, 'vitest.json');
run('unit + integration (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`], () =>
  vitestTally(vitestReport),
);
const playwrightReport = join(reports, 'playwright.json');
if (built) {
  process.env.PLAYWRIGHT_JSON_OUTPUT_NAME = playwrightReport;
  run('end-to-end (playwright)', bin('playwright'), ['test', '--reporter=list,json'], () => playwrightTally(playwrightReport));
  for (const skip of playwrightSkips(playwrightReport)) console.log(`skipped: ${skip}`);
} else {
  rows.push({ suite: 'end-to-end (playwright)', tally: { passed: 0, failed: 1, skipped: 0 }, seconds: 0 });
  console.log('\nEnd-to-end tests not run: the build failed.');
}
rmSync(reports, { recursive: true, force: true });

console.log('\n=== Summary');
for (const { suite, tally, seconds } of rows) {
  console.log(`${suite.padEnd(30)} ${String(tally.passed).padStart(4)} passed ${String(tally.failed).padStart(3)} failed ${String(tally.skipped).padStart(3)} skipped  ${seconds}s`);
}
const total = sum(rows.map((row) => row.tally));
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
