import { defineConfig } from 'vitest/config';

/**
 * Tests import workspace packages from source, so no build is needed for the inner loop: each
 * package's exports map names its TypeScript under the `aipbx-source` condition.
 */
const resolve = { conditions: ['aipbx-source', 'module', 'node', 'development|production'] };
const ssr = { resolve: { conditions: ['aipbx-source', 'module', 'node', 'development|production'] } };

export default defineConfig({
  resolve,
  ssr,
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'scripts/**/*.test.ts',
            'bench/**/*.test.ts',
            'examples/*/src/**/*.test.ts',
            'demo/src/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'integration',
          include: [
            'packages/*/test/integration/**/*.test.ts',
            'testbed/smoke/asterisk*.test.ts',
            'examples/*/test/**/*.integration.test.ts',
          ],
          globalSetup: ['testbed/asterisk-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'browser',
          include: [
            'packages/*/test/browser/**/*.test.ts',
            'testbed/smoke/browser*.test.ts',
            'examples/*/test/**/*.browser.test.ts',
            'demo/test/**/*.test.ts',
          ],
          globalSetup: ['testbed/asterisk-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
