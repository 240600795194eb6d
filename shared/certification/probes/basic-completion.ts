import type { Probe } from './probe.js';
import { expectNonce } from './answer-checks.js';

/** Converse answers a one-line instruction with the expected text. */
export const basicCompletion = {
  testName: 'basic-completion',
  async run(session) {
    const nonce = session.nonce();
    const answer = await session.converse(
      {
        messages: [
          { role: 'user', content: [{ text: `Reply with exactly ${nonce} and nothing else.` }] },
        ],
      },
      20,
    );
    expectNonce(answer.text, nonce, 'the reply');
    return {};
  },
} satisfies Probe;
