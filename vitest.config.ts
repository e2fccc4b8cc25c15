import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Two projects: unit tests sit beside the code and need nothing outside the process;
// integration tests talk to the real RabbitMQ and ZooKeeper that the harness starts once per run.
export default defineConfig({
  test: {
    // A focused test (`it.only`, `describe.only`) left in a commit silently skips the rest of its
    // file: CI fails on one instead (lint forbids them too). Locally they stay handy.
    allowOnly: !process.env.CI,
    projects: [
      {
        plugins: [react()],
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts', 'test/support/**/*.test.ts'],
          environment: 'node',
          // Component tests opt in per file with a `// @vitest-environment happy-dom` docblock.
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/harness/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
