import type { ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import { ProbeError } from '../../errors.js';
import type { ProbeErrorCode } from '../../types.js';
import { wrongAnswer, type ProbeRequest } from '../probe-session.js';
import type { ModelAnswer } from '../read-answer.js';
import type { Probe, ProbeFindings } from './probe.js';
import { excerpt } from './answer-checks.js';

const TOOL_NAME = 'record_code';
/** Room for a short preamble before the call; models write ~40-80 tokens here. */
const MAX_TOKENS = 200;

const TOOL_CONFIG: ToolConfiguration = {
  tools: [
    {
      toolSpec: {
        name: TOOL_NAME,
        description: 'Records a verification code.',
        inputSchema: {
          json: {
            type: 'object',
            properties: {
              code: { type: 'string', description: 'The verification code to record.' },
            },
            required: ['code'],
          },
        },
      },
    },
  ],
};

/**
 * Failures of the streaming attempt after which the non-streaming call decides the test: the
 * stream was refused or broke. A wrong streamed answer is final; asking again without
 * streaming would only double the most expensive call of the suite.
 */
const FALL_BACK_ON: ReadonlySet<ProbeErrorCode> = new Set<ProbeErrorCode>([
  'FEATURE_UNSUPPORTED',
  'MODEL_ERROR',
]);

/**
 * The model calls the offered tool with valid arguments.
 *
 * It first asks through ConverseStream: when that works the model supports tool use *and*
 * streaming tool use for the price of one call. Some models support tool use only without
 * streaming ("This model doesn't support tool use in streaming mode."), so on such a failure the
 * same request (with a new nonce) goes through Converse, which alone decides the test. Only
 * models lacking streaming tool use pay for a second, sequential call.
 */
export const toolUse = {
  testName: 'tool-use',
  async run(session): Promise<ProbeFindings> {
    try {
      const nonce = session.nonce();
      checkToolCall(await session.converseStream(request(nonce), MAX_TOKENS), nonce);
      return { capabilities: { streamingToolUse: true } };
    } catch (error) {
      if (!(error instanceof ProbeError) || !FALL_BACK_ON.has(error.code)) throw error;
    }
    const nonce = session.nonce();
    checkToolCall(await session.converse(request(nonce), MAX_TOKENS), nonce);
    return { capabilities: { streamingToolUse: false } };
  },
} satisfies Probe;

function request(nonce: string): ProbeRequest {
  return {
    toolConfig: TOOL_CONFIG,
    messages: [
      {
        role: 'user',
        content: [
          { text: `Call the ${TOOL_NAME} tool with the code ${nonce}. Do not answer in text.` },
        ],
      },
    ],
  };
}

function checkToolCall(answer: ModelAnswer, nonce: string): void {
  const call = answer.toolCalls.find((candidate) => candidate.name === TOOL_NAME);
  if (call === undefined) {
    throw wrongAnswer(
      `Expected a call to ${TOOL_NAME}; got ${excerpt(answer.text)} (stop reason ${answer.stopReason ?? 'none'}).`,
    );
  }
  const input = call.input;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw wrongAnswer(`The ${TOOL_NAME} call had no valid JSON object as input.`);
  }
  const code = (input as Record<string, unknown>).code;
  if (typeof code !== 'string' || code.trim() !== nonce) {
    throw wrongAnswer(
      `Expected ${TOOL_NAME} to be called with code ${nonce}; got ${excerpt(JSON.stringify(code ?? null))}.`,
    );
  }
  if (answer.stopReason !== 'tool_use') {
    throw wrongAnswer(
      `The model called ${TOOL_NAME} but stopped with ${answer.stopReason ?? 'no stop reason'} instead of tool_use.`,
    );
  }
}
