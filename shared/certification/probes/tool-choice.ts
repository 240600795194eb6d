import type { ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import { wrongAnswer } from '../probe-session.js';
import type { Probe } from './probe.js';
import { excerpt, featureIgnored } from './answer-checks.js';

const TOOLS = ['record_code', 'archive_code'] as const;

function toolSpec(
  name: string,
  description: string,
): NonNullable<ToolConfiguration['tools']>[number] {
  return {
    toolSpec: {
      name,
      description,
      inputSchema: {
        json: {
          type: 'object',
          properties: { code: { type: 'string', description: 'The verification code.' } },
          required: ['code'],
        },
      },
    },
  };
}

/**
 * `toolChoice: {any: {}}` with two tools: the model must call one of them (no text answer), with
 * the code as its argument. The prompt names neither tool, so only the setting forces the call.
 */
export const toolChoice = {
  testName: 'tool-choice',
  async run(session) {
    const nonce = session.nonce();
    const answer = await session.converse(
      {
        toolConfig: {
          tools: [
            toolSpec(TOOLS[0], 'Records a verification code.'),
            toolSpec(TOOLS[1], 'Archives a verification code.'),
          ],
          toolChoice: { any: {} },
        },
        messages: [{ role: 'user', content: [{ text: `The verification code is ${nonce}.` }] }],
      },
      100,
    );
    const call = answer.toolCalls.find((candidate) =>
      (TOOLS as readonly string[]).includes(candidate.name),
    );
    if (call === undefined) {
      throw featureIgnored(
        `toolChoice "any" was accepted, but the model answered ${excerpt(answer.text)} without calling ${TOOLS.join(' or ')}.`,
      );
    }
    const code =
      typeof call.input === 'object' && call.input !== null
        ? (call.input as Record<string, unknown>).code
        : undefined;
    if (typeof code !== 'string' || code.trim() !== nonce) {
      throw wrongAnswer(
        `Expected ${call.name} to be called with code ${nonce}; got ${excerpt(JSON.stringify(code ?? null))}.`,
      );
    }
    return {};
  },
} satisfies Probe;
