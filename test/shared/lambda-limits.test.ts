import { describe, expect, it } from 'vitest';
import { loadConfig, SERVICE_DEFAULTS } from '../../shared/config.js';
import {
  CERTIFY_FUNCTION,
  LEASE_MARGIN_MS,
  MAX_CERTIFICATION_DEADLINE_MS,
  QUOTA_HOLD_TIMEOUT_MS,
  BATCH_FINISH_MARGIN_MS,
  RECERTIFY_FUNCTION,
  recertifyCapacity,
  requestBudgetMs,
  SINGLE_RUN_TIMEOUT_MS,
} from '../../shared/lambda-limits.js';
import { MAX_WATCHLIST } from '../../shared/recertify-event.js';

/** What loadConfig needs besides the settings under test. */
const MINIMAL = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'certifications',
  AUTH_USER_POOL_ID: 'us-east-1_AbCdEf123',
  AUTH_CLIENT_ID: 'client',
};

describe('Lambda limits', () => {
  it('are what the stack deploys: 512 MB and 15 minutes for both functions, 90 s for one certification', () => {
    expect(CERTIFY_FUNCTION).toEqual({ memoryMb: 512, timeoutMs: 900_000 });
    expect(SINGLE_RUN_TIMEOUT_MS).toBe(90_000);
    expect(RECERTIFY_FUNCTION).toEqual({ memoryMb: 512, timeoutMs: 900_000 });
  });

  it('derive every budget from the certification deadline, each inside the one that contains it', () => {
    const budget = requestBudgetMs(MAX_CERTIFICATION_DEADLINE_MS);
    expect(budget).toBe(75_000);
    // A runner's lease (deadline + margin) ends inside the request's budget, and the budget
    // inside the function timeout, with room for the last store writes.
    expect(MAX_CERTIFICATION_DEADLINE_MS + LEASE_MARGIN_MS).toBeLessThan(budget);
    expect(SINGLE_RUN_TIMEOUT_MS - budget).toBeGreaterThanOrEqual(15_000);
    expect(SINGLE_RUN_TIMEOUT_MS).toBeLessThan(CERTIFY_FUNCTION.timeoutMs);
    // A quota hold outlives any request that could still meter it.
    expect(QUOTA_HOLD_TIMEOUT_MS).toBeGreaterThan(SINGLE_RUN_TIMEOUT_MS);
    // A shorter deadline shortens the budget with it.
    expect(requestBudgetMs(10_000)).toBe(25_000);
  });

  it('let configuration lower the deadline, never raise it past the ceiling the timeouts are planned for', () => {
    expect(SERVICE_DEFAULTS.certificationDeadlineMs).toBe(MAX_CERTIFICATION_DEADLINE_MS);
    expect(
      loadConfig({ ...MINIMAL, CERTIFICATION_DEADLINE_MS: '30000' }).certificationDeadlineMs,
    ).toBe(30_000);
    expect(() =>
      loadConfig({
        ...MINIMAL,
        CERTIFICATION_DEADLINE_MS: String(MAX_CERTIFICATION_DEADLINE_MS + 1),
      }),
    ).toThrow(/CERTIFICATION_DEADLINE_MS/);
    expect(() =>
      loadConfig({ ...MINIMAL, PROBE_TIMEOUT_MS: String(MAX_CERTIFICATION_DEADLINE_MS + 1) }),
    ).toThrow(/PROBE_TIMEOUT_MS/);
  });

  it('fit the largest watch list into one re-certify invocation at the default concurrency', () => {
    // 11 rounds of a whole request budget and the finish margin fit in 15 minutes: 44 models of 4 at a time.
    expect(recertifyCapacity(4)).toBe(44);
    expect(MAX_WATCHLIST).toBeLessThanOrEqual(
      recertifyCapacity(SERVICE_DEFAULTS.recertifyConcurrency),
    );
    expect(BATCH_FINISH_MARGIN_MS).toBeGreaterThan(0);
  });
});
