import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  InvalidModelIdError,
  MethodNotAllowedError,
  NotFoundError,
  UnsupportedModelIdError,
} from '../../../shared/errors.js';
import { matchRoute } from '../../../shared/http/routes.js';
import { stringMatching } from '../../support/matchers.js';

const CLAUDE = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const ARN = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0';

describe('matchRoute', () => {
  it('routes the stream with a plain and a percent-encoded model id', () => {
    expect(matchRoute('GET', `/api/certification/certify-model/${CLAUDE}/stream`)).toEqual({
      name: 'certify-stream',
      params: { modelId: CLAUDE },
    });
    expect(
      matchRoute('GET', `/api/certification/certify-model/${encodeURIComponent(CLAUDE)}/stream`),
    ).toEqual({
      name: 'certify-stream',
      params: { modelId: CLAUDE },
    });
  });

  it('keeps an ARN as one model id, its slashes encoded or not', () => {
    expect(matchRoute('GET', `/api/certification/check/${encodeURIComponent(ARN)}`)).toEqual({
      name: 'check',
      params: { modelId: ARN },
    });
    expect(matchRoute('GET', `/api/certification/check/${ARN}`)).toEqual({
      name: 'check',
      params: { modelId: ARN },
    });
    expect(matchRoute('GET', `/api/certification/certify-model/${ARN}/stream`)).toEqual({
      name: 'certify-stream',
      params: { modelId: ARN },
    });
  });

  it('routes the fixed paths', () => {
    expect(matchRoute('POST', '/api/certification/certify-model')).toEqual({
      name: 'certify',
      params: {},
    });
    expect(matchRoute('POST', '/api/certification/stream-tickets')).toEqual({
      name: 'stream-tickets',
      params: {},
    });
    expect(matchRoute('GET', '/api/certification/models')).toEqual({ name: 'models', params: {} });
    expect(matchRoute('GET', '/api/certification/models/')).toEqual({ name: 'models', params: {} });
    expect(matchRoute('HEAD', '/health')).toEqual({ name: 'health', params: {} });
    expect(matchRoute('GET', '/')).toEqual({ name: 'page', params: {} });
    expect(matchRoute('GET', '/index.html')).toEqual({ name: 'page', params: {} });
  });

  it('answers 405 with the allowed methods for a known path', () => {
    const error = (() => {
      try {
        matchRoute('DELETE', '/api/certification/certify-model');
      } catch (caught) {
        return caught;
      }
    })() as MethodNotAllowedError;
    expect(error).toBeInstanceOf(MethodNotAllowedError);
    expect(error.statusCode).toBe(405);
    expect(error.headers()).toEqual({ allow: 'POST' });
  });

  it('answers 404 for unknown paths', () => {
    expect(() => matchRoute('GET', '/api/certification')).toThrow(NotFoundError);
    expect(() => matchRoute('GET', '/api/certification/certify-model/x/stream/more')).toThrow(
      NotFoundError,
    );
    expect(() => matchRoute('GET', '/healthz')).toThrow(NotFoundError);
    expect(() => matchRoute('GET', '/etc/passwd')).toThrow(NotFoundError);
  });

  it('rejects bad model ids with 400 before anything else happens', () => {
    expect(() => matchRoute('GET', '/api/certification/check/%E0%A4%A')).toThrow(
      InvalidModelIdError,
    );
    expect(() => matchRoute('GET', '/api/certification/check/..%2F..%2Fetc')).toThrow(
      InvalidModelIdError,
    );
    expect(() => matchRoute('GET', '/api/certification/certify-model/%3Cscript%3E/stream')).toThrow(
      InvalidModelIdError,
    );
    expect(() => matchRoute('GET', '/api/certification/certify-model//stream')).toThrow(
      BadRequestError,
    );
  });

  it('refuses ids the service cannot invoke on demand with 400 UNSUPPORTED_MODEL_ID, saying why', () => {
    const refusal = (path: string): UnsupportedModelIdError => {
      try {
        matchRoute('GET', path);
      } catch (caught) {
        return caught as UnsupportedModelIdError;
      }
      throw new Error(`${path} was accepted`);
    };
    const provisioned = refusal(
      `/api/certification/check/${encodeURIComponent('arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefabcdef')}`,
    );
    expect(provisioned).toBeInstanceOf(UnsupportedModelIdError);
    expect(provisioned.toJSON()).toEqual({
      error: {
        code: 'UNSUPPORTED_MODEL_ID',
        message: stringMatching(/^Provisioned Throughput ARNs cannot be certified/),
      },
    });
    expect(provisioned.statusCode).toBe(400);
    expect(
      refusal('/api/certification/certify-model/amazon.nova-pro-v1:0:300k/stream').message,
    ).toMatch(/Provisioned Throughput; certify the base model id/);
    expect(
      refusal(
        `/api/certification/check/${encodeURIComponent('arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefabcdef')}`,
      ).reason,
    ).toBe('imported-model');
  });
});
