import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  certifyModel,
  IncompleteStreamError,
  ProtocolError,
  StreamErrorEventError,
} from '../../client/index.js';
import { formatSseMessage, SSE_KEEP_ALIVE } from '../../shared/sse.js';
import type { CertificationEvent, ProgressEvent } from '../../shared/types.js';
import {
  chunkedBody,
  controlledBody,
  eventStreamResponse,
  fakeFetch,
  fullRunEvents,
  progressOf,
  sampleCertification,
} from './fake-service.js';

const encoder = new TextEncoder();
const MODEL_ID = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

/** The wire form the service writes: one `data:` line per event, keep-alives between. */
function serialize(events: readonly CertificationEvent[], { keepAlives = true } = {}): string {
  return events
    .map(
      (event, index) =>
        (keepAlives && index % 3 === 1 ? SSE_KEEP_ALIVE : '') +
        formatSseMessage({ data: JSON.stringify(event) }),
    )
    .join('');
}

/** Cuts `bytes` at the given offsets. */
function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const points = [...new Set(offsets)]
    .filter((offset) => offset > 0 && offset < bytes.length)
    .sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.slice(start, point));
    start = point;
  }
  return chunks;
}

async function certifyFromChunks(chunks: readonly Uint8Array[]) {
  const progress: ProgressEvent[] = [];
  const certification = await certifyModel(MODEL_ID, {
    baseUrl: 'http://service.test',
    token: 'token',
    fetch: fakeFetch(() => eventStreamResponse(chunkedBody(chunks))),
    onProgress: (event) => progress.push(event),
  });
  return { certification, progress };
}

describe('certifyModel SSE parsing', () => {
  const certification = sampleCertification({
    // Multi-byte characters, so a chunk boundary can fall inside a UTF-8 sequence.
    diagnosis: [
      {
        code: 'THROTTLED',
        tests: ['tool-use'],
        hint: 'Réessayez — la limite « tokens/min » 🚦 est atteinte.',
      },
    ],
  });
  const events = fullRunEvents(certification);
  const wire = encoder.encode(serialize(events));

  it('reads a whole stream delivered in one chunk', async () => {
    const result = await certifyFromChunks([wire]);

    expect(result.certification).toEqual(certification);
    expect(result.progress).toEqual(progressOf(events));
  });

  it('reads a stream delivered one byte at a time', async () => {
    const result = await certifyFromChunks(
      cut(
        wire,
        Array.from({ length: wire.length }, (_, i) => i),
      ),
    );

    expect(result.certification).toEqual(certification);
    expect(result.progress).toEqual(progressOf(events));
  });

  it('reads events split in the middle of a data: line and of a UTF-8 character', async () => {
    const text = serialize(events);
    const midData = text.indexOf('data: {"type":"progress"') + 8;
    const hint = text.indexOf('🚦');
    const emojiOffset = encoder.encode(text.slice(0, hint)).length + 2; // inside the 4-byte sequence
    const midField = encoder.encode(text.slice(0, text.indexOf('"certification"') + 5)).length;

    const result = await certifyFromChunks(cut(wire, [midData, emojiOffset, midField]));

    expect(result.certification).toEqual(certification);
    expect(result.progress).toHaveLength(13);
  });

  it('reads several events per chunk', async () => {
    const frames = events.map((event) => formatSseMessage({ data: JSON.stringify(event) }));
    const chunks = [
      frames.slice(0, 5).join(''),
      frames.slice(5, 11).join(''),
      frames.slice(11).join(''),
    ].map((chunk) => encoder.encode(chunk));

    const result = await certifyFromChunks(chunks);

    expect(result.certification).toEqual(certification);
    expect(
      result.progress.map((event) => `${event.testName ?? '-'}:${event.status ?? '-'}`),
    ).toEqual(progressOf(events).map((event) => `${event.testName ?? '-'}:${event.status ?? '-'}`));
  });

  it('accepts CRLF and bare CR line endings, also when a CRLF pair is split across chunks', async () => {
    const crlf = serialize(events).replace(/\n/g, '\r\n');
    const crlfBytes = encoder.encode(crlf);
    const splitInsidePairs = [...crlf.matchAll(/\r\n/g)].map((match) => match.index + 1);

    const viaCrlf = await certifyFromChunks(cut(crlfBytes, splitInsidePairs));
    const viaCr = await certifyFromChunks([encoder.encode(serialize(events).replace(/\n/g, '\r'))]);

    expect(viaCrlf.certification).toEqual(certification);
    expect(viaCrlf.progress).toEqual(progressOf(events));
    expect(viaCr.certification).toEqual(certification);
  });

  it('still drops a final event that a lone CR leaves unterminated', async () => {
    const text = serialize(events).replace(/\n/g, '\r').replace(/\r\r$/, '\r');

    await expect(certifyFromChunks([encoder.encode(text)])).rejects.toBeInstanceOf(
      IncompleteStreamError,
    );
  });

  it('ignores comments and keep-alives wherever they fall', async () => {
    const text = `: hello\n\n${SSE_KEEP_ALIVE}${serialize(events).replace(/\n\n/g, '\n\n: keep-alive\n\n')}`;

    const result = await certifyFromChunks(cut(encoder.encode(text), [3, 9, 40]));

    expect(result.certification).toEqual(certification);
    expect(result.progress).toEqual(progressOf(events));
  });

  it('gives the same result for any chunking of the byte stream', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: wire.length - 1 }), { maxLength: 40 }),
        async (offsets) => {
          const result = await certifyFromChunks(cut(wire, offsets));
          expect(result.certification).toEqual(certification);
          expect(result.progress).toEqual(progressOf(events));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('joins a JSON payload the server split over several data: lines', async () => {
    const json = JSON.stringify({ type: 'complete', certification }, null, 2);

    const frame = `${json
      .split('\n')
      .map((line) => `data: ${line}`)
      .join('\n')}\n\n`;

    const result = await certifyFromChunks([encoder.encode(frame)]);

    expect(result.certification).toEqual(certification);
  });

  it('rejects a stream that ends without a terminal event', async () => {
    const withoutTerminal = serialize(events.slice(0, -1));

    const outcome = certifyFromChunks([encoder.encode(withoutTerminal)]);

    await expect(outcome).rejects.toBeInstanceOf(IncompleteStreamError);
    await expect(outcome).rejects.toMatchObject({ code: 'STREAM_INCOMPLETE' });
  });

  it('rejects a stream whose last event lacks its closing blank line', async () => {
    const truncated = serialize(events).replace(/\n\n$/, '\n');

    await expect(certifyFromChunks([encoder.encode(truncated)])).rejects.toBeInstanceOf(
      IncompleteStreamError,
    );
  });

  it('rejects an empty stream', async () => {
    await expect(certifyFromChunks([])).rejects.toBeInstanceOf(IncompleteStreamError);
  });

  it('turns a terminal error event into a typed error carrying its code', async () => {
    const failing: CertificationEvent[] = [
      ...events.slice(0, 4),
      { type: 'error', code: 'DEADLINE_EXCEEDED', message: 'The certification ran past 60 s.' },
    ];

    const outcome = certifyFromChunks(cut(encoder.encode(serialize(failing)), [17, 101]));

    await expect(outcome).rejects.toBeInstanceOf(StreamErrorEventError);
    await expect(outcome).rejects.toMatchObject({
      code: 'DEADLINE_EXCEEDED',
      message: 'The certification ran past 60 s.',
    });
  });

  it('rejects an event whose data is not JSON', async () => {
    const text = `${serialize(events.slice(0, 2))}data: {"type":"progress",\n\n${serialize(events.slice(2))}`;

    await expect(certifyFromChunks([encoder.encode(text)])).rejects.toBeInstanceOf(ProtocolError);
  });

  it('skips event types it does not know and fields it does not use (the service sends none, other servers may)', async () => {
    const text = `id: 1\nevent: ignored\nretry: 1000\ndata: {"type":"heartbeat","at":1}\n\n${serialize(events)}`;

    const result = await certifyFromChunks([encoder.encode(text)]);

    expect(result.certification).toEqual(certification);
    expect(result.progress).toHaveLength(13);
  });

  it('resolves at the complete event, ignores anything after it and releases the connection', async () => {
    const body = controlledBody();
    const progress: ProgressEvent[] = [];
    const pending = certifyModel(MODEL_ID, {
      baseUrl: 'http://service.test',
      token: 'token',
      fetch: fakeFetch(() => eventStreamResponse(body.stream)),
      onProgress: (event) => progress.push(event),
    });

    body.push(serialize(events));
    body.push(
      formatSseMessage({
        data: JSON.stringify({ type: 'progress', current: 6, total: 6, message: 'late' }),
      }),
    );
    // The server keeps the stream open: the client must not wait for it to close.

    await expect(pending).resolves.toEqual(certification);
    await expect(body.cancelled).resolves.toBeUndefined();
    expect(progress.some((event) => event.message === 'late')).toBe(false);
  });

  it('treats a cached answer (complete at once, no progress) as a result', async () => {
    const cached = sampleCertification({ cached: true });

    const result = await certifyFromChunks([
      encoder.encode(serialize([{ type: 'complete', certification: cached }])),
    ]);

    expect(result.certification.cached).toBe(true);
    expect(result.progress).toEqual([]);
  });
});
