import { describe, expect, it } from 'vitest';
import {
  classifyModelId,
  inferenceProfilePrefix,
  inferenceProfilePrefixes,
  isValidModelId,
  uncertifiableReason,
} from '../../shared/model-id.js';

describe('classifyModelId', () => {
  it.each([
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'foundation-model'],
    ['amazon.titan-text-express-v1', 'foundation-model'],
    ['anthropic.claude-3-sonnet-20240229-v1:0:200k', 'foundation-model'],
    ['acme.nonexistent-v1:0', 'foundation-model'],
    ['us.meta.llama3-2-11b-instruct-v1:0', 'inference-profile'],
    ['apac.anthropic.claude-3-5-sonnet-20240620-v1:0', 'inference-profile'],
    ['us-gov.anthropic.claude-3-haiku-20240307-v1:0', 'inference-profile'],
    // Late-2026 ids carry dots inside the model name.
    ['deepseek.v3.2', 'foundation-model'],
    ['openai.gpt-5.4', 'foundation-model'],
    ['zai.glm-4.7:0', 'foundation-model'],
    ['us.deepseek.v3.2', 'inference-profile'],
    ['arn:aws:bedrock:us-east-1::foundation-model/deepseek.v3.2', 'arn'],
    [
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0',
      'arn',
    ],
    [
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      'arn',
    ],
    ['arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/a1b2c3d4e5f6', 'arn'],
    ['arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:provisioned-model/abcdefabcdef', 'arn'],
  ])('accepts %s as %s', (modelId, kind) => {
    expect(classifyModelId(modelId)).toBe(kind);
  });

  it.each([
    '',
    'claude',
    '../etc/passwd',
    'anthropic.claude/../../x',
    'anthropic.<script>alert(1)</script>',
    'ANTHROPIC.CLAUDE-V2',
    'anthropic.claude v2',
    'anthropic.claude\nv2',
    'anthropic.clau\u0000de',
    'anthropic.clàude-v2',
    'a'.repeat(2048),
    `anthropic.${'a'.repeat(300)}`,
    'arn:aws:s3:::bucket/key',
    'arn:aws:bedrock:us-east-1::foundation-model/../x',
    '%2e%2e%2f',
    'deepseek..v3',
    'deepseek.v3.',
    'deepseek.v3.-x',
    'deepseek./v3',
  ])('rejects %j', (modelId) => {
    expect(isValidModelId(modelId)).toBe(false);
  });
});

describe('inferenceProfilePrefix', () => {
  it.each([
    ['us-east-1', 'us'],
    ['us-west-2', 'us'],
    ['eu-central-1', 'eu'],
    ['ap-south-1', 'apac'],
    ['ap-northeast-1', 'jp'],
    ['ap-southeast-2', 'au'],
    ['ca-central-1', 'ca'],
    ['sa-east-1', 'global'],
    ['us-gov-west-1', 'us-gov'],
  ])('%s → %s', (region, prefix) => {
    expect(inferenceProfilePrefix(region)).toBe(prefix);
  });
});

describe('inferenceProfilePrefixes', () => {
  it.each([
    ['us-east-2', ['us', 'global']],
    ['eu-west-3', ['eu', 'global']],
    ['ap-northeast-3', ['jp', 'apac', 'global']],
    ['ap-southeast-4', ['au', 'apac', 'global']],
    ['ap-southeast-1', ['apac', 'global']],
    ['us-gov-east-1', ['us-gov']],
    ['cn-north-1', []],
  ])('%s → %j', (region, prefixes) => {
    expect(inferenceProfilePrefixes(region)).toEqual(prefixes);
  });
});

describe('uncertifiableReason', () => {
  it.each([
    ['amazon.nova-pro-v1:0:300k', 'provisioned-throughput-id'],
    ['anthropic.claude-3-sonnet-20240229-v1:0:200k', 'provisioned-throughput-id'],
    [
      'arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:provisioned-model/abcdefabcdef',
      'provisioned-model',
    ],
    ['arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefabcdef', 'imported-model'],
    [
      'arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-lite-v1:0:300k/abcdefabcdef',
      'custom-model',
    ],
  ])('%s cannot be certified (%s)', (modelId, reason) => {
    expect(isValidModelId(modelId)).toBe(true);
    expect(uncertifiableReason(modelId)).toBe(reason);
  });

  it.each([
    'anthropic.claude-sonnet-4-5-20250929-v1:0',
    'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
    'amazon.titan-text-express-v1',
    'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0',
    'arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.amazon.nova-2-lite-v1:0',
    'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6',
  ])('%s can', (modelId) => {
    expect(uncertifiableReason(modelId)).toBeUndefined();
  });
});
