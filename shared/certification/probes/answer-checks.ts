import { toOneLine } from '../classify-bedrock-error.js';
import { ProbeError } from '../../errors.js';
import { wrongAnswer } from '../probe-session.js';

const EXCERPT_LENGTH = 80;

/** A short one-line quote of what the model said, for a failure message. */
export function excerpt(text: string): string {
  const line = toOneLine(text.replace(/\s+/g, ' '));
  if (line === '') return 'an empty answer';
  return JSON.stringify(
    line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH - 1)}…` : line,
  );
}

/** Throws `WRONG_ANSWER` unless `text` contains `nonce`. */
export function expectNonce(text: string, nonce: string, what: string): void {
  if (!text.includes(nonce)) throw wrongAnswer(`Expected ${what} ${nonce}; got ${excerpt(text)}.`);
}

/** Thrown when Bedrock accepted a feature's request and the model then ignored the feature. */
export function featureIgnored(message: string): ProbeError {
  return new ProbeError('FEATURE_IGNORED', `Accepted but ignored: ${message}`);
}
