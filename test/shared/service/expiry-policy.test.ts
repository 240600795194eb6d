import { describe, expect, it } from 'vitest';
import { cacheTtlSeconds, withExpiry } from '../../../shared/service/expiry-policy.js';
import { sampleCertification } from '../../support/certification-fixture.js';
import type { TestResult } from '../../../shared/types.js';

const policy = { certified: 86_400, failed: 3_600, unavailable: 900, transient: 60 };
const failed = (code: NonNullable<TestResult['error']>['code']): TestResult => ({
  testName: 'tool-use',
  status: 'failed',
  latencyMs: 10,
  error: { code, message: 'x' },
});

describe('cacheTtlSeconds', () => {
  it('keeps a certified model for a day', () => {
    expect(cacheTtlSeconds(policy, { status: 'certified', results: [] })).toBe(86_400);
  });
  it('keeps a real failure shorter and an unavailable model shorter still', () => {
    expect(
      cacheTtlSeconds(policy, { status: 'failed', results: [failed('FEATURE_UNSUPPORTED')] }),
    ).toBe(3_600);
    expect(
      cacheTtlSeconds(policy, { status: 'unavailable', results: [failed('ACCESS_DENIED')] }),
    ).toBe(900);
  });
  it.each(['THROTTLED', 'TIMEOUT', 'SERVICE_UNAVAILABLE', 'MODEL_ERROR'] as const)(
    'keeps a %s failure only briefly',
    (code) => {
      expect(
        cacheTtlSeconds(policy, {
          status: 'failed',
          results: [failed('FEATURE_UNSUPPORTED'), failed(code)],
        }),
      ).toBe(60);
    },
  );
});

describe('withExpiry', () => {
  it('stamps expiresAt from certifiedAt and the policy, and marks the result as not cached', () => {
    const draft = {
      ...sampleCertification({
        certifiedAt: '2026-11-24T12:00:00.000Z',
        status: 'unavailable',
        results: [failed('ACCESS_DENIED')],
      }),
    };
    const { expiresAt: _expiresAt, cached: _cached, ...rest } = draft;
    expect(withExpiry(rest, policy)).toEqual({
      ...rest,
      expiresAt: '2026-11-24T12:15:00.000Z',
      cached: false,
    });
  });
});
