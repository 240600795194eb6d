import type { Probe } from './probe.js';
import { expectNonce } from './answer-checks.js';

/** A fact from an earlier turn is recalled. */
export const multiTurn = {
  testName: 'multi-turn',
  async run(session) {
    const nonce = session.nonce();
    const answer = await session.converse(
      {
        messages: [
          { role: 'user', content: [{ text: `Remember the code ${nonce}. Reply only with OK.` }] },
          { role: 'assistant', content: [{ text: 'OK.' }] },
          {
            role: 'user',
            content: [{ text: 'What code did I ask you to remember? Reply with the code only.' }],
          },
        ],
      },
      20,
    );
    expectNonce(answer.text, nonce, 'the recalled code');
    return {};
  },
} satisfies Probe;
