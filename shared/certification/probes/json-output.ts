import type { Probe } from './probe.js';
import { wrongAnswer } from '../probe-session.js';
import { excerpt } from './answer-checks.js';

const KEYS = ['code', 'ok'] as const;
/** A fenced block (```json ... ```) is accepted: it is still machine-readable JSON. */
const FENCED = /^```(?:json)?\s*([\s\S]*?)\s*```$/i;

/** The answer parses as a JSON object with the asked keys. */
export const jsonOutput = {
  testName: 'json-output',
  async run(session) {
    const nonce = session.nonce();
    const keyList = KEYS.map((key) => `\`${key}\``).join(', ');
    const answer = await session.converse(
      {
        messages: [
          {
            role: 'user',
            content: [
              {
                text: `Respond with only a JSON object with the keys ${keyList}: set "code" to "${nonce}" and "ok" to true. No prose, no code fences.`,
              },
            ],
          },
        ],
      },
      60,
    );
    const trimmed = answer.text.trim();
    const body = FENCED.exec(trimmed)?.[1] ?? trimmed;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw wrongAnswer(`Expected a JSON object; got ${excerpt(answer.text)}.`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw wrongAnswer(`Expected a JSON object; got ${excerpt(body)}.`);
    }
    const missing = KEYS.filter((key) => !(key in parsed));
    if (missing.length > 0)
      throw wrongAnswer(`The JSON object lacks the key(s) ${missing.join(', ')}.`);
    if ((parsed as Record<string, unknown>).code !== nonce) {
      throw wrongAnswer(
        `Expected "code" to be ${nonce}; got ${excerpt(JSON.stringify((parsed as Record<string, unknown>).code))}.`,
      );
    }
    return {};
  },
} satisfies Probe;
