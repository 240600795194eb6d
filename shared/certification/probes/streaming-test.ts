import { ProbeError } from '../../errors.js';
import { wrongAnswer } from '../probe-session.js';
import type { Probe } from './probe.js';
import { expectNonce } from './answer-checks.js';

/** ConverseStream delivers text deltas, a stop reason and usage metadata; measures TTFT and speed. */
export const streamingTest = {
  testName: 'streaming-test',
  async run(session) {
    const nonce = session.nonce();
    const answer = await session.converseStream(
      {
        messages: [
          { role: 'user', content: [{ text: `Reply with exactly ${nonce} and nothing else.` }] },
        ],
      },
      20,
    );
    if (answer.stopReason === undefined)
      throw new ProbeError('MODEL_ERROR', 'The stream ended without a stop reason.');
    if (!answer.sawMetadata || answer.usage === undefined) {
      throw new ProbeError('MODEL_ERROR', 'The stream ended without usage metadata.');
    }
    if (answer.textDeltas === 0) throw wrongAnswer('The stream carried no text deltas.');
    expectNonce(answer.text, nonce, 'the streamed reply');
    return { ttftMs: answer.ttftMs, outputTokensPerSecond: answer.outputTokensPerSecond };
  },
} satisfies Probe;
