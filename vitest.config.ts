import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites that share one PostgreSQL server each make their own schema, so files can run in parallel.
    pool: 'forks',
    reporters: ['default'],
  },
});
