import { ProbeError } from '../../errors.js';
import type { Probe } from './probe.js';
import { expectNonce, featureIgnored } from './answer-checks.js';
import { reasoningRequestFor } from './reasoning-request.js';

/**
 * Reasoning, enabled the way the model's family takes it (see `reasoningRequestFor`): a
 * reasoning block, readable or redacted, comes back before an answer that holds the code. No
 * temperature is sent: Claude's extended thinking refuses any change to it.
 */
export const reasoning = {
  testName: 'reasoning',
  async run(session) {
    const request = reasoningRequestFor(session.modelId);
    const nonce = session.nonce();
    const answer = await session.converse(
      {
        messages: [
          {
            role: 'user',
            content: [
              { text: `Think it over briefly, then reply with exactly ${nonce} and nothing else.` },
            ],
          },
        ],
        ...(request?.fields ? { additionalModelRequestFields: request.fields } : {}),
      },
      request?.maxTokens ?? 1_024,
      { temperature: 'model-default' },
    );
    if (!answer.reasoning) {
      if (request === undefined) {
        throw new ProbeError(
          'FEATURE_UNSUPPORTED',
          'The model returned no reasoning content, and Bedrock documents no reasoning setting for its family.',
        );
      }
      throw featureIgnored(
        request.fields === undefined
          ? `${request.setting}: the answer carries no reasoning content.`
          : `reasoning was enabled (${request.setting}), but the answer carries no reasoning content.`,
      );
    }
    expectNonce(answer.text, nonce, 'the answer after reasoning');
    return {};
  },
} satisfies Probe;
