import { describe, expect, it } from 'vitest';
import { baseModelId } from '../../../shared/certification/base-model-id.js';

describe('baseModelId', () => {
  it.each([
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic.claude-3-5-sonnet-20241022-v2:0'],
    ['us.meta.llama3-2-11b-instruct-v1:0', 'meta.llama3-2-11b-instruct-v1:0'],
    ['apac.amazon.nova-lite-v1:0', 'amazon.nova-lite-v1:0'],
    ['global.anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic.claude-sonnet-4-20250514-v1:0'],
    ['jp.anthropic.claude-haiku-4-5-20251001-v1:0', 'anthropic.claude-haiku-4-5-20251001-v1:0'],
    ['au.anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-sonnet-4-5-20250929-v1:0'],
    [
      'arn:aws:bedrock:ap-northeast-1:123456789012:inference-profile/global.amazon.nova-2-lite-v1:0',
      'amazon.nova-2-lite-v1:0',
    ],
    [
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1',
      'amazon.titan-text-express-v1',
    ],
    [
      'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
      'anthropic.claude-3-7-sonnet-20250219-v1:0',
    ],
  ])('%s → %s', (modelId, expected) => {
    expect(baseModelId(modelId)).toBe(expected);
  });

  it('is undefined for ARNs that do not name a model', () => {
    expect(
      baseModelId(
        'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdefghijkl',
      ),
    ).toBeUndefined();
    expect(baseModelId('not a model id')).toBeUndefined();
  });
});
