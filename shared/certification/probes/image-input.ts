import { encodePng } from '../image/png.js';
import { renderText } from '../image/pixel-font.js';
import type { Probe } from './probe.js';
import { expectNonce } from './answer-checks.js';

/**
 * The model reads a code off a small PNG drawn at run time (a few hundred pixels: about 15 input
 * tokens on Claude, which counts width × height / 750). The code is only in the image, so an
 * answer holding it shows the model saw the picture.
 */
export const imageInput = {
  testName: 'image-input',
  async run(session) {
    const nonce = session.nonce();
    const answer = await session.converse(
      {
        messages: [
          {
            role: 'user',
            content: [
              { image: { format: 'png', source: { bytes: encodePng(renderText(nonce)) } } },
              {
                text: 'The image shows a code of four letters, a hyphen and four digits. Reply with the code shown in the image and nothing else.',
              },
            ],
          },
        ],
      },
      20,
    );
    expectNonce(answer.text, nonce, 'the code read from the image');
    return {};
  },
} satisfies Probe;
