import {
  AccessDeniedException,
  InternalServerException,
  ModelErrorException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { ProbeError } from '../../../shared/errors.js';
import {
  classifyBedrockError,
  diagnosisHint,
  isUnavailableCode,
  suggestedInferenceProfile,
  toOneLine,
} from '../../../shared/certification/classify-bedrock-error.js';
import { PROBE_ERROR_CODES, type ProbeErrorCode } from '../../../shared/types.js';

const ON_DEMAND =
  'Invocation of model ID meta.llama3-2-11b-instruct-v1:0 with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.';

const meta = { $metadata: { httpStatusCode: 400, requestId: '6c3f0c55-2f7a-4a0e-9d7c-3b7a0e6a1f11' } };

const cases: readonly { name: string; error: unknown; code: ProbeErrorCode; message?: string }[] = [
  { name: 'AccessDeniedException', error: new AccessDeniedException({ message: "You don't have access to the model with the specified model ID.", ...meta }), code: 'ACCESS_DENIED', message: "You don't have access to the model with the specified model ID." },
  { name: 'on-demand throughput message', error: new ValidationException({ message: ON_DEMAND, ...meta }), code: 'INFERENCE_PROFILE_REQUIRED', message: ON_DEMAND },
  { name: 'invalid model identifier', error: new ValidationException({ message: 'The provided model identifier is invalid.', ...meta }), code: 'INVALID_MODEL_ID', message: 'The provided model identifier is invalid.' },
  { name: 'ResourceNotFoundException end of life', error: new ResourceNotFoundException({ message: 'This model version has reached the end of its life. Please refer to the AWS documentation for more details.', ...meta }), code: 'MODEL_END_OF_LIFE' },
  { name: 'legacy model (ResourceNotFoundException)', error: new ResourceNotFoundException({ message: 'Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 15 days. Please upgrade to an active model on Amazon Bedrock', ...meta }), code: 'MODEL_END_OF_LIFE' },
  { name: 'end-of-life message on a ValidationException', error: new ValidationException({ message: 'This model version has reached the end of its life.', ...meta }), code: 'MODEL_END_OF_LIFE' },
  { name: 'tool use unsupported', error: new ValidationException({ message: "This model doesn't support tool use.", ...meta }), code: 'FEATURE_UNSUPPORTED', message: "This model doesn't support tool use." },
  { name: 'system messages unsupported', error: new ValidationException({ message: "This model doesn't support system messages. Try again without a system message or use a model that supports system messages.", ...meta }), code: 'FEATURE_UNSUPPORTED' },
  { name: 'streaming tool use unsupported', error: new ValidationException({ message: "This model doesn't support tool use in streaming mode.", ...meta }), code: 'FEATURE_UNSUPPORTED', message: "This model doesn't support tool use in streaming mode." },
  { name: 'other ValidationException', error: new ValidationException({ message: 'Malformed input request, please reformat your input and try again.', ...meta }), code: 'FEATURE_UNSUPPORTED' },
  { name: 'ThrottlingException', error: new ThrottlingException({ message: 'Too many requests, please wait before trying again.', ...meta }), code: 'THROTTLED' },
  { name: 'ServiceQuotaExceededException', error: new ServiceQuotaExceededException({ message: 'Too many tokens per day.', ...meta }), code: 'THROTTLED' },
  { name: 'ModelTimeoutException', error: new ModelTimeoutException({ message: 'Model has timed out in processing the request.', ...meta }), code: 'TIMEOUT' },
  { name: 'SDK request timeout', error: Object.assign(new Error('Stream timed out because of no activity for 5000 ms'), { name: 'TimeoutError' }), code: 'TIMEOUT', message: 'The model did not answer in time.' },
  { name: 'ModelStreamErrorException', error: new ModelStreamErrorException({ message: 'The system encountered an unexpected error during processing. Try your request again.', ...meta }), code: 'MODEL_ERROR' },
  { name: 'ModelErrorException', error: new ModelErrorException({ message: 'The model returned an error.', ...meta }), code: 'MODEL_ERROR' },
  { name: 'ModelNotReadyException', error: new ModelNotReadyException({ message: 'Model is not ready.', ...meta }), code: 'MODEL_ERROR' },
  { name: 'ServiceUnavailableException', error: new ServiceUnavailableException({ message: 'Bedrock is unable to process your request.', ...meta }), code: 'SERVICE_UNAVAILABLE' },
  { name: 'InternalServerException', error: new InternalServerException({ message: 'The system encountered an unexpected error during processing.', ...meta }), code: 'SERVICE_UNAVAILABLE' },
  { name: 'connection refused', error: Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:443'), { code: 'ECONNREFUSED' }), code: 'SERVICE_UNAVAILABLE', message: 'Amazon Bedrock could not be reached.' },
  // Node's HTTP handler renames ECONNRESET to TimeoutError; the socket code must still win.
  { name: 'connection reset (named TimeoutError by the SDK)', error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', name: 'TimeoutError' }), code: 'SERVICE_UNAVAILABLE' },
  { name: 'unknown 5xx service error', error: Object.assign(new Error('Bad Gateway'), { name: 'UnknownError', $fault: 'server', $metadata: { httpStatusCode: 502 } }), code: 'SERVICE_UNAVAILABLE' },
  { name: 'unknown 429', error: Object.assign(new Error('slow down'), { name: 'Weird', $fault: 'client', $metadata: { httpStatusCode: 429 } }), code: 'THROTTLED' },
  { name: 'a plain unexpected error', error: new TypeError('Cannot read properties of undefined (reading "x")'), code: 'SERVICE_UNAVAILABLE', message: 'Unexpected error while calling Amazon Bedrock.' },
];

describe('classifyBedrockError', () => {
  it.each(cases)('$name → $code', ({ error, code, message }) => {
    const classified = classifyBedrockError(error);
    expect(classified).toBeInstanceOf(ProbeError);
    expect(classified.code).toBe(code);
    expect(classified.cause).toBe(error);
    if (message !== undefined) expect(classified.message).toBe(message);
    expect(classified.message).not.toMatch(/\n|6c3f0c55|at .*\.js/);
  });

  it('covers every transport-level code (WRONG_ANSWER comes from the probes)', () => {
    const covered = new Set(cases.map((c) => c.code));
    expect(PROBE_ERROR_CODES.filter((code) => !covered.has(code))).toEqual(['WRONG_ANSWER']);
  });

  it('passes a ProbeError through unchanged', () => {
    const error = new ProbeError('WRONG_ANSWER', 'nope');
    expect(classifyBedrockError(error)).toBe(error);
  });

  it('never passes internal text of non-service errors to clients', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND bedrock-runtime.internal.example'), { code: 'ENOTFOUND' });
    expect(classifyBedrockError(error).message).toBe('Amazon Bedrock could not be reached.');
  });

  it('keeps only the first line of a multi-line service message and drops request ids', () => {
    const error = new ValidationException({
      message: "This model doesn't support tool use. RequestId: 6c3f0c55-2f7a-4a0e-9d7c-3b7a0e6a1f11\n    at de_ValidationExceptionRes (index.js:1690:21)",
      $metadata: {},
    });
    expect(classifyBedrockError(error).message).toBe("This model doesn't support tool use.");
  });
});

describe('toOneLine', () => {
  it('collapses whitespace, removes uuids and bounds the length', () => {
    expect(toOneLine('  a   b  request id: 1f2e3d4c-aaaa-bbbb-cccc-111122223333 .')).toBe('a b.');
    const long = toOneLine('x'.repeat(1000));
    expect(long.length).toBe(300);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('isUnavailableCode', () => {
  it('is true exactly for the codes meaning the model cannot be invoked', () => {
    expect(PROBE_ERROR_CODES.filter(isUnavailableCode)).toEqual([
      'ACCESS_DENIED',
      'INFERENCE_PROFILE_REQUIRED',
      'INVALID_MODEL_ID',
      'MODEL_END_OF_LIFE',
    ]);
  });
});

describe('diagnosisHint', () => {
  it('names the inference profile to use, with the prefix of the region', () => {
    const tests = ['basic-completion'] as const;
    expect(diagnosisHint('INFERENCE_PROFILE_REQUIRED', { modelId: 'meta.llama3-2-11b-instruct-v1:0', region: 'us-east-1', tests: [...tests] })).toContain(
      'us.meta.llama3-2-11b-instruct-v1:0',
    );
    expect(suggestedInferenceProfile({ modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0', region: 'eu-west-1' })).toBe(
      'eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
    );
    expect(suggestedInferenceProfile({ modelId: 'arn:aws:bedrock:ap-southeast-2::foundation-model/meta.llama3-2-11b-instruct-v1:0', region: 'ap-southeast-2' })).toBe(
      'apac.meta.llama3-2-11b-instruct-v1:0',
    );
  });

  it('tells how to get access for ACCESS_DENIED', () => {
    expect(diagnosisHint('ACCESS_DENIED', { modelId: 'm.x-v1:0', region: 'us-west-2', tests: [] })).toMatch(/Bedrock console.*us-west-2/);
  });

  it('has a one-line hint for every code, naming the tests where it helps', () => {
    for (const code of PROBE_ERROR_CODES) {
      const hint = diagnosisHint(code, { modelId: 'a.b-v1:0', region: 'us-east-1', tests: ['tool-use'] });
      expect(hint.length, code).toBeGreaterThan(20);
      expect(hint, code).not.toContain('\n');
    }
    expect(diagnosisHint('FEATURE_UNSUPPORTED', { modelId: 'a.b-v1:0', region: 'us-east-1', tests: ['tool-use', 'system-prompt'] })).toContain(
      'tool-use, system-prompt',
    );
  });
});
