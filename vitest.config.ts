import { defineConfig } from 'vitest/config';

/** Unit tests: fast, Node-side, `*.spec.ts` next to the code they test. */
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'workers/**/*.spec.ts', 'models/**/*.spec.ts', 'scripts/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
