import { wrongAnswer } from '../probe-session.js';
import type { Probe } from './probe.js';
import { excerpt, featureIgnored } from './answer-checks.js';

const STATUSES = ['verified', 'rejected'] as const;

/** The schema the answer must follow: a string, an enum, both required, nothing else. */
export const VERIFICATION_SCHEMA = {
  type: 'object',
  properties: {
    code: { type: 'string', description: 'The verification code.' },
    status: { type: 'string', enum: [...STATUSES] },
  },
  required: ['code', 'status'],
  additionalProperties: false,
} as const;

/**
 * Structured output through Converse's `outputConfig.textFormat` (type `json_schema`, the schema
 * as a JSON string; botocore's bedrock-runtime service model, shapes `OutputConfig`,
 * `OutputFormat`, `JsonSchemaDefinition`). The answer must be the bare JSON the schema describes
 * (no prose, no code fence: that is what the setting promises) and hold the code. An answer that
 * breaks the schema means the setting was accepted and ignored.
 */
export const structuredOutput = {
  testName: 'structured-output',
  async run(session) {
    const nonce = session.nonce();
    const answer = await session.converse(
      {
        messages: [
          {
            role: 'user',
            content: [{ text: `Record the verification code ${nonce} with the status verified.` }],
          },
        ],
        outputConfig: {
          textFormat: {
            type: 'json_schema',
            structure: {
              jsonSchema: {
                name: 'verification',
                description: 'A verification code and its status.',
                schema: JSON.stringify(VERIFICATION_SCHEMA),
              },
            },
          },
        },
      },
      60,
    );
    const problem = schemaProblem(answer.text);
    if (problem !== undefined)
      throw featureIgnored(
        `the answer ${excerpt(answer.text)} does not follow the schema: ${problem}.`,
      );
    const { code, status } = JSON.parse(answer.text) as { code: string; status: string };
    if (code.trim() !== nonce || status !== 'verified') {
      throw wrongAnswer(
        `Expected code ${nonce} with status verified; got ${excerpt(JSON.stringify({ code, status }))}.`,
      );
    }
    return {};
  },
} satisfies Probe;

/** Why `text` is not a JSON document of {@link VERIFICATION_SCHEMA}, or `undefined` when it is. */
export function schemaProblem(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'it is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'it is not a JSON object';
  const object = value as Record<string, unknown>;
  const missing = VERIFICATION_SCHEMA.required.filter((key) => !(key in object));
  if (missing.length > 0) return `it lacks the required ${missing.join(', ')}`;
  const extra = Object.keys(object).filter((key) => !(key in VERIFICATION_SCHEMA.properties));
  if (extra.length > 0) return `it has the undeclared ${extra.join(', ')}`;
  if (typeof object.code !== 'string') return '"code" is not a string';
  if (!(STATUSES as readonly unknown[]).includes(object.status))
    return `"status" is not one of ${STATUSES.join(', ')}`;
  return undefined;
}
