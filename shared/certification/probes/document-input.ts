import type { ContentBlock } from '@aws-sdk/client-bedrock-runtime';
import type { Probe } from './probe.js';
import { expectNonce } from './answer-checks.js';

/** The document's name: Bedrock allows letters, digits, single spaces, hyphens and brackets. */
export const DOCUMENT_NAME = 'verification note';

/** The text of the probes' document: one sentence that states the code. */
export function documentText(nonce: string): string {
  return `Verification note. The verification code is ${nonce}. Keep this note on file.`;
}

/** The question asked about the document; the code is nowhere else in the request. */
export const DOCUMENT_QUESTION =
  'What is the verification code in the document? Reply with the code only.';

/**
 * The model quotes a code that only a text document attached to the message holds. Sent as
 * `txt` bytes, the document format every model with document chat takes.
 */
export const documentInput = {
  testName: 'document-input',
  async run(session) {
    const nonce = session.nonce();
    const document: ContentBlock = {
      document: {
        format: 'txt',
        name: DOCUMENT_NAME,
        source: { bytes: new TextEncoder().encode(documentText(nonce)) },
      },
    };
    const answer = await session.converse(
      { messages: [{ role: 'user', content: [document, { text: DOCUMENT_QUESTION }] }] },
      20,
    );
    expectNonce(answer.text, nonce, 'the code quoted from the document');
    return {};
  },
} satisfies Probe;
