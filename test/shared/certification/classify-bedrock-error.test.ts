import {
  AccessDeniedException,
  BedrockRuntimeServiceException,
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
  CREDENTIALS_MESSAGE,
  diagnosisHint,
  isUnavailableCode,
  suggestedInferenceProfiles,
  toOneLine,
} from '../../../shared/certification/classify-bedrock-error.js';
import { PROBE_ERROR_CODES, type ProbeErrorCode } from '../../../shared/types.js';

const ON_DEMAND =
  'Invocation of model ID meta.llama3-2-11b-instruct-v1:0 with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.';

const LEGACY =
  'Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the last 15 days. Please upgrade to an active model on Amazon Bedrock';
const MARKETPLACE =
  'Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model. Refer to the Amazon Bedrock documentation for further details. Your AWS Marketplace subscription for this model cannot be completed at this time. If you recently fixed this issue, try again after 15 minutes.';
const SUBSCRIBING =
  'Your account is not authorized to access this model. Your AWS Marketplace subscription for this model is still being processed.';
const USE_CASE =
  'Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model. If you have already filled out the form, try again in 15 minutes.';

const meta = {
  $metadata: { httpStatusCode: 400, requestId: '6c3f0c55-2f7a-4a0e-9d7c-3b7a0e6a1f11' },
};

const cases: readonly { name: string; error: unknown; code: ProbeErrorCode; message?: string }[] = [
  {
    name: 'AccessDeniedException',
    error: new AccessDeniedException({
      message: "You don't have access to the model with the specified model ID.",
      ...meta,
    }),
    code: 'ACCESS_DENIED',
    message: "You don't have access to the model with the specified model ID.",
  },
  {
    name: 'on-demand throughput message',
    error: new ValidationException({ message: ON_DEMAND, ...meta }),
    code: 'INFERENCE_PROFILE_REQUIRED',
    message: ON_DEMAND,
  },
  {
    name: 'invalid model identifier',
    error: new ValidationException({
      message: 'The provided model identifier is invalid.',
      ...meta,
    }),
    code: 'INVALID_MODEL_ID',
    message: 'The provided model identifier is invalid.',
  },
  {
    name: 'ResourceNotFoundException end of life',
    error: new ResourceNotFoundException({
      message:
        'This model version has reached the end of its life. Please refer to the AWS documentation for more details.',
      ...meta,
    }),
    code: 'MODEL_END_OF_LIFE',
  },
  {
    name: 'legacy model (ResourceNotFoundException)',
    error: new ResourceNotFoundException({ message: LEGACY, ...meta }),
    code: 'MODEL_LEGACY',
    message: LEGACY,
  },
  {
    name: 'legacy model, 30-day wording',
    error: new ResourceNotFoundException({
      message: LEGACY.replace('15 days', '30 days'),
      ...meta,
    }),
    code: 'MODEL_LEGACY',
  },
  {
    name: 'Marketplace subscription denied',
    error: new AccessDeniedException({ message: MARKETPLACE, ...meta }),
    code: 'ACCESS_DENIED',
    message: MARKETPLACE,
  },
  {
    name: 'Marketplace subscription still being processed (a fresh account)',
    error: new AccessDeniedException({ message: SUBSCRIBING, ...meta }),
    code: 'ACCESS_DENIED',
    message: SUBSCRIBING,
  },
  {
    name: 'Anthropic use-case form missing (ResourceNotFoundException)',
    error: new ResourceNotFoundException({ message: USE_CASE, ...meta }),
    code: 'ACCESS_DENIED',
    message: USE_CASE,
  },
  {
    name: 'end-of-life message on a ValidationException',
    error: new ValidationException({
      message: 'This model version has reached the end of its life.',
      ...meta,
    }),
    code: 'MODEL_END_OF_LIFE',
  },
  {
    name: 'tool use unsupported',
    error: new ValidationException({ message: "This model doesn't support tool use.", ...meta }),
    code: 'FEATURE_UNSUPPORTED',
    message: "This model doesn't support tool use.",
  },
  {
    name: 'system messages unsupported',
    error: new ValidationException({
      message:
        "This model doesn't support system messages. Try again without a system message or use a model that supports system messages.",
      ...meta,
    }),
    code: 'FEATURE_UNSUPPORTED',
  },
  {
    name: 'streaming tool use unsupported',
    error: new ValidationException({
      message: "This model doesn't support tool use in streaming mode.",
      ...meta,
    }),
    code: 'FEATURE_UNSUPPORTED',
    message: "This model doesn't support tool use in streaming mode.",
  },
  {
    name: 'other ValidationException',
    error: new ValidationException({
      message: 'Malformed input request, please reformat your input and try again.',
      ...meta,
    }),
    code: 'FEATURE_UNSUPPORTED',
  },
  {
    name: 'ThrottlingException',
    error: new ThrottlingException({
      message: 'Too many requests, please wait before trying again.',
      ...meta,
    }),
    code: 'THROTTLED',
  },
  {
    name: 'ServiceQuotaExceededException',
    error: new ServiceQuotaExceededException({ message: 'Too many tokens per day.', ...meta }),
    code: 'THROTTLED',
  },
  {
    name: 'ModelTimeoutException',
    error: new ModelTimeoutException({
      message: 'Model has timed out in processing the request.',
      ...meta,
    }),
    code: 'TIMEOUT',
  },
  {
    name: 'SDK request timeout',
    error: Object.assign(new Error('Stream timed out because of no activity for 5000 ms'), {
      name: 'TimeoutError',
    }),
    code: 'TIMEOUT',
    message: 'The model did not answer in time.',
  },
  {
    name: 'ModelStreamErrorException',
    error: new ModelStreamErrorException({
      message:
        'The system encountered an unexpected error during processing. Try your request again.',
      ...meta,
    }),
    code: 'MODEL_ERROR',
  },
  {
    name: 'ModelErrorException',
    error: new ModelErrorException({ message: 'The model returned an error.', ...meta }),
    code: 'MODEL_ERROR',
  },
  {
    name: 'ModelNotReadyException',
    error: new ModelNotReadyException({ message: 'Model is not ready.', ...meta }),
    code: 'MODEL_ERROR',
  },
  {
    name: 'ServiceUnavailableException',
    error: new ServiceUnavailableException({
      message: 'Bedrock is unable to process your request.',
      ...meta,
    }),
    code: 'SERVICE_UNAVAILABLE',
  },
  {
    name: 'InternalServerException',
    error: new InternalServerException({
      message: 'The system encountered an unexpected error during processing.',
      ...meta,
    }),
    code: 'SERVICE_UNAVAILABLE',
  },
  {
    name: 'connection refused',
    error: Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:443'), { code: 'ECONNREFUSED' }),
    code: 'SERVICE_UNAVAILABLE',
    message: 'Amazon Bedrock could not be reached.',
  },
  // Node's HTTP handler renames ECONNRESET to TimeoutError; the socket code must still win.
  {
    name: 'connection reset (named TimeoutError by the SDK)',
    error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', name: 'TimeoutError' }),
    code: 'SERVICE_UNAVAILABLE',
  },
  {
    name: 'unknown 5xx service error',
    error: Object.assign(new Error('Bad Gateway'), {
      name: 'UnknownError',
      $fault: 'server',
      $metadata: { httpStatusCode: 502 },
    }),
    code: 'SERVICE_UNAVAILABLE',
  },
  {
    name: 'unknown 429',
    error: Object.assign(new Error('slow down'), {
      name: 'Weird',
      $fault: 'client',
      $metadata: { httpStatusCode: 429 },
    }),
    code: 'THROTTLED',
  },
  // The service's own credentials, not the model: transient, never the model's verdict.
  {
    name: 'expired session credentials (ExpiredTokenException, 403)',
    error: new BedrockRuntimeServiceException({
      name: 'ExpiredTokenException',
      $fault: 'client',
      message: 'The security token included in the request is expired',
      $metadata: { httpStatusCode: 403 },
    }),
    code: 'SERVICE_UNAVAILABLE',
    message: CREDENTIALS_MESSAGE,
  },
  {
    name: 'unknown access key (UnrecognizedClientException, 403)',
    error: new BedrockRuntimeServiceException({
      name: 'UnrecognizedClientException',
      $fault: 'client',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 403 },
    }),
    code: 'SERVICE_UNAVAILABLE',
    message: CREDENTIALS_MESSAGE,
  },
  {
    name: 'an SSO session that ended while the service ran (the SDK signs nothing)',
    error: Object.assign(
      new Error(
        'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
      ),
      { name: 'CredentialsProviderError', tryNextLink: false },
    ),
    code: 'SERVICE_UNAVAILABLE',
    message: CREDENTIALS_MESSAGE,
  },
  {
    name: 'a plain unexpected error',
    error: new TypeError('Cannot read properties of undefined (reading "x")'),
    code: 'SERVICE_UNAVAILABLE',
    message: 'Unexpected error while calling Amazon Bedrock.',
  },
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

  it('covers every transport-level code (FEATURE_IGNORED and WRONG_ANSWER come from the probes)', () => {
    const covered = new Set(cases.map((c) => c.code));
    expect(PROBE_ERROR_CODES.filter((code) => !covered.has(code))).toEqual([
      'FEATURE_IGNORED',
      'WRONG_ANSWER',
    ]);
  });

  it('passes a ProbeError through unchanged', () => {
    const error = new ProbeError('WRONG_ANSWER', 'nope');
    expect(classifyBedrockError(error)).toBe(error);
  });

  it('never passes internal text of non-service errors to clients', () => {
    const error = Object.assign(
      new Error('getaddrinfo ENOTFOUND bedrock-runtime.internal.example'),
      { code: 'ENOTFOUND' },
    );
    expect(classifyBedrockError(error).message).toBe('Amazon Bedrock could not be reached.');
  });

  it('keeps only the first line of a multi-line service message and drops request ids', () => {
    const error = new ValidationException({
      message:
        "This model doesn't support tool use. RequestId: 6c3f0c55-2f7a-4a0e-9d7c-3b7a0e6a1f11\n    at de_ValidationExceptionRes (index.js:1690:21)",
      $metadata: {},
    });
    expect(classifyBedrockError(error).message).toBe("This model doesn't support tool use.");
  });
});

describe('toOneLine', () => {
  it('collapses whitespace, removes uuids and bounds the length', () => {
    expect(toOneLine('  a   b  request id: 1f2e3d4c-aaaa-bbbb-cccc-111122223333 .')).toBe('a b.');
    const long = toOneLine('x'.repeat(1000));
    expect(long.length).toBe(500);
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
      'MODEL_LEGACY',
    ]);
  });
});

describe('diagnosisHint', () => {
  it('tells a credential failure from Bedrock being unreachable: refresh the credentials', () => {
    const tests = ['basic-completion' as const];
    expect(
      diagnosisHint('SERVICE_UNAVAILABLE', {
        modelId: 'amazon.nova-lite-v1:0',
        region: 'us-east-1',
        tests,
        messages: [
          classifyBedrockError(
            Object.assign(new Error('Could not load credentials from any providers'), {
              name: 'CredentialsProviderError',
            }),
          ).message,
        ],
      }),
    ).toMatch(/^The service's AWS credentials expired, .*aws sso login/);
    expect(
      diagnosisHint('SERVICE_UNAVAILABLE', {
        modelId: 'amazon.nova-lite-v1:0',
        region: 'us-east-1',
        tests,
        messages: ['Amazon Bedrock could not be reached.'],
      }),
    ).toBe(
      'Amazon Bedrock was unavailable or unreachable during basic-completion; try again shortly.',
    );
  });

  it('names the inference profiles of the region, and global. as a possibility', () => {
    const hint = diagnosisHint('INFERENCE_PROFILE_REQUIRED', {
      modelId: 'meta.llama3-2-11b-instruct-v1:0',
      region: 'us-east-1',
      tests: ['basic-completion'],
    });
    expect(hint).toBe(
      'This model has no on-demand throughput in us-east-1; certify the inference profile us.meta.llama3-2-11b-instruct-v1:0 instead, or global.meta.llama3-2-11b-instruct-v1:0 if the model has a global profile.',
    );
    expect(
      suggestedInferenceProfiles({
        modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
        region: 'eu-west-1',
      }),
    ).toEqual([
      'eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
      'global.anthropic.claude-3-7-sonnet-20250219-v1:0',
    ]);
    expect(
      suggestedInferenceProfiles({
        modelId: 'arn:aws:bedrock:ap-southeast-2::foundation-model/meta.llama3-2-11b-instruct-v1:0',
        region: 'ap-southeast-2',
      }),
    ).toEqual([
      'au.meta.llama3-2-11b-instruct-v1:0',
      'apac.meta.llama3-2-11b-instruct-v1:0',
      'global.meta.llama3-2-11b-instruct-v1:0',
    ]);
    expect(
      diagnosisHint('INFERENCE_PROFILE_REQUIRED', {
        modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
        region: 'ap-northeast-1',
        tests: [],
      }),
    ).toContain(
      'jp.anthropic.claude-sonnet-4-5-20250929-v1:0 or apac.anthropic.claude-sonnet-4-5-20250929-v1:0',
    );
    // GovCloud has no global profiles.
    expect(
      suggestedInferenceProfiles({
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
        region: 'us-gov-west-1',
      }),
    ).toEqual(['us-gov.anthropic.claude-3-haiku-20240307-v1:0']);
  });

  it("tells which IAM fix an ACCESS_DENIED needs, from Bedrock's message", () => {
    const context = { modelId: 'm.x-v1:0', region: 'us-west-2', tests: [] };
    expect(diagnosisHint('ACCESS_DENIED', context)).toMatch(
      /m\.x-v1:0 in us-west-2: allow bedrock:InvokeModel.*SCP/,
    );
    const marketplace = diagnosisHint('ACCESS_DENIED', { ...context, messages: [MARKETPLACE] });
    expect(marketplace).toContain(
      'aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions',
    );
    expect(marketplace).toContain('the deployed stack grants them');
    expect(marketplace).toContain('15 minutes');
    expect(diagnosisHint('ACCESS_DENIED', { ...context, messages: [USE_CASE] })).toMatch(
      /use-case details.*Bedrock console \(region us-west-2\)/,
    );
    const subscribing = diagnosisHint('ACCESS_DENIED', { ...context, messages: [SUBSCRIBING] });
    expect(subscribing).toMatch(/m\.x-v1:0 started this account's AWS Marketplace subscription/);
    expect(subscribing).toContain('certify again in a few minutes');
    expect(subscribing).not.toContain('aws-marketplace:Subscribe');
  });

  it('tells a Legacy refusal apart from end of life', () => {
    const context = {
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      region: 'us-east-1',
      tests: [],
    };
    expect(diagnosisHint('MODEL_LEGACY', context)).toMatch(/is Legacy.*active model/);
    expect(diagnosisHint('MODEL_END_OF_LIFE', context)).toMatch(/reached end of life/);
  });

  it('has a one-line hint for every code, naming the tests where it helps', () => {
    for (const code of PROBE_ERROR_CODES) {
      const hint = diagnosisHint(code, {
        modelId: 'a.b-v1:0',
        region: 'us-east-1',
        tests: ['tool-use'],
      });
      expect(hint.length, code).toBeGreaterThan(20);
      expect(hint, code).not.toContain('\n');
    }
    expect(
      diagnosisHint('FEATURE_UNSUPPORTED', {
        modelId: 'a.b-v1:0',
        region: 'us-east-1',
        tests: ['tool-use', 'system-prompt'],
      }),
    ).toContain('tool-use, system-prompt');
  });
});
