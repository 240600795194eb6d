import type { Probe } from './probe.js';
import { expectNonce } from './answer-checks.js';

/**
 * A system instruction is obeyed: it asks for a code word the user never mentions. The code
 * word goes first, so a model that obeys shows it even if a chatty answer hits `maxTokens`.
 */
export const systemPrompt = {
  testName: 'system-prompt',
  async run(session) {
    const nonce = session.nonce();
    const answer = await session.converse(
      {
        system: [
          {
            text: `You are a concise assistant. You must always begin every answer with the code word ${nonce}.`,
          },
        ],
        messages: [
          { role: 'user', content: [{ text: 'Name one primary color in one short sentence.' }] },
        ],
      },
      40,
    );
    expectNonce(answer.text, nonce, 'the answer to begin with the code word');
    return {};
  },
} satisfies Probe;
