import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/** Tests import workspace packages from source, so no build is needed for the inner loop. */
const alias = {
  '@aipbx/core': src('core'),
  '@aipbx/widget': src('widget'),
  '@aipbx/media': src('media'),
  '@aipbx/node-ari': src('node-ari'),
  '@aipbx/ami': src('ami'),
  '@aipbx/sip': src('sip'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['packages/*/test/integration/**/*.test.ts', 'testbed/smoke/asterisk*.test.ts'],
          globalSetup: ['testbed/asterisk-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'browser',
          include: ['packages/*/test/browser/**/*.test.ts', 'testbed/smoke/browser*.test.ts'],
          globalSetup: ['testbed/asterisk-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
