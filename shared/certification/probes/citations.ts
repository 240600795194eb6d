import { wrongAnswer } from '../probe-session.js';
import type { Probe } from './probe.js';
import { DOCUMENT_NAME, DOCUMENT_QUESTION, documentText } from './document-input.js';
import { excerpt, featureIgnored } from './answer-checks.js';

/**
 * The document of `document-input` with citations enabled: the answer must carry a citation whose
 * cited source text holds the code, pointing into the one document sent. The document goes as
 * `source.text` rather than bytes: with citations enabled Bedrock has refused `txt` bytes as "The
 * PDF specified was not valid" (https://github.com/boto/boto3/issues/4726).
 */
export const citations = {
  testName: 'citations',
  async run(session) {
    const nonce = session.nonce();
    const answer = await session.converse(
      {
        messages: [
          {
            role: 'user',
            content: [
              {
                document: {
                  format: 'txt',
                  name: DOCUMENT_NAME,
                  source: { text: documentText(nonce) },
                  citations: { enabled: true },
                },
              },
              { text: `${DOCUMENT_QUESTION} Cite the sentence that states it.` },
            ],
          },
        ],
      },
      120,
    );
    if (answer.citations.length === 0) {
      throw featureIgnored(
        `citations were enabled, but the answer (${excerpt(answer.text)}) carries no citation.`,
      );
    }
    const pointing = answer.citations.find(
      (citation) =>
        citation.sourceText.includes(nonce) &&
        (citation.documentIndex === undefined || citation.documentIndex === 0),
    );
    if (pointing === undefined) {
      throw wrongAnswer(
        `Expected a citation of the sentence holding ${nonce}; the answer cites ${answer.citations
          .map((citation) => excerpt(citation.sourceText))
          .join(', ')}.`,
      );
    }
    return {};
  },
} satisfies Probe;
