import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Simulated Bedrock latency is scaled down so the suite runs in seconds, not minutes.
    env: { BEDROCK_SIM_TIME_SCALE: '0.02', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep workers few so timing-sensitive stream tests are not starved.
    maxWorkers: 2,
  },
});
