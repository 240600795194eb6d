import { describe, expect, it } from 'vitest';
import { classifyModelId, inferenceProfilePrefix, isValidModelId } from '../../shared/model-id.js';

describe('classifyModelId', () => {
  it.each([
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'foundation-model'],
    ['amazon.titan-text-express-v1', 'foundation-model'],
    ['anthropic.claude-3-sonnet-20240229-v1:0:200k', 'foundation-model'],
    ['acme.nonexistent-v1:0', 'foundation-model'],
    ['us.meta.llama3-2-11b-instruct-v1:0', 'inference-profile'],
    ['apac.anthropic.claude-3-5-sonnet-20240620-v1:0', 'inference-profile'],
    ['us-gov.anthropic.claude-3-haiku-20240307-v1:0', 'inference-profile'],
    ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0', 'arn'],
    ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'arn'],
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
  ])('rejects %j', (modelId) => {
    expect(isValidModelId(modelId)).toBe(false);
  });
});

describe('inferenceProfilePrefix', () => {
  it.each([
    ['us-east-1', 'us'],
    ['us-west-2', 'us'],
    ['eu-central-1', 'eu'],
    ['ap-southeast-2', 'apac'],
    ['us-gov-west-1', 'us-gov'],
  ])('%s → %s', (region, prefix) => {
    expect(inferenceProfilePrefix(region)).toBe(prefix);
  });
});
