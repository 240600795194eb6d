import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Simulated Bedrock latency is scaled down so the suite runs in seconds, not minutes.
    env: {
      BEDROCK_SIM_TIME_SCALE: '0.02',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/reliability/**'],
          // Two cores: keep workers few so stream tests are not starved.
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          // Each file drives a whole local stack under load: one at a time, after the unit
          // project, so no file competes with another for the two cores.
          maxWorkers: 1,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
