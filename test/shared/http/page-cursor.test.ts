import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../shared/errors.js';
import { PageCursors, processCursorKey } from '../../../shared/http/page-cursor.js';

const SCOPE = { route: 'models', region: 'us-east-1', sub: 'alice' };
const POSITION = {
  certifiedAt: '2026-11-24T12:00:00.000Z',
  modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
};

/** Flips one character of `text` at `index` to another of the base64url alphabet. */
function flip(text: string, index: number): string {
  const char = text[index] === 'A' ? 'B' : 'A';
  return `${text.slice(0, index)}${char}${text.slice(index + 1)}`;
}

describe('PageCursors', () => {
  it('opens what it sealed, for the same scope, as the same position', async () => {
    const cursors = new PageCursors(processCursorKey());
    const cursor = await cursors.seal(SCOPE, POSITION);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(cursor).not.toContain('alice');
    await expect(cursors.open(SCOPE, cursor)).resolves.toEqual(POSITION);
  });

  it.each([
    ['another caller', { ...SCOPE, sub: 'bob' }],
    ['another Region', { ...SCOPE, region: 'eu-west-1' }],
    ['another route', { ...SCOPE, route: 'history' }],
  ])('refuses a cursor given to %s', async (_name, scope) => {
    const cursors = new PageCursors(processCursorKey());
    const cursor = await cursors.seal(SCOPE, POSITION);
    await expect(cursors.open(scope, cursor)).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('refuses a cursor sealed with another key (another deployment)', async () => {
    const cursor = await new PageCursors(processCursorKey()).seal(SCOPE, POSITION);
    await expect(new PageCursors(processCursorKey()).open(SCOPE, cursor)).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
  });

  it('refuses every one-character change of a cursor, and a made-up position with a guessed MAC', async () => {
    const cursors = new PageCursors(processCursorKey());
    const cursor = await cursors.seal(SCOPE, POSITION);
    for (let i = 0; i < cursor.length; i++) {
      if (cursor[i] === '.') continue;
      await expect(cursors.open(SCOPE, flip(cursor, i)), `character ${i}`).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
    }
    const [, mac] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify(['2030-01-01T00:00:00.000Z', 'a.b-v1:0'])).toString(
      'base64url',
    );
    await expect(cursors.open(SCOPE, `${forged}.${mac}`)).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
  });

  it('refuses malformed cursors without reading the key, with one message for every cause', async () => {
    let keyReads = 0;
    const cursors = new PageCursors(() => {
      keyReads++;
      return Promise.resolve(Buffer.alloc(32, 7));
    });
    const malformed = ['x', 'a.b', '.', 'abc.', `${'a'.repeat(2_000)}.${'b'.repeat(22)}`, 'a b.c'];
    const messages = new Set<string>();
    for (const cursor of malformed) {
      const error = await cursors.open(SCOPE, cursor).catch((caught: unknown) => caught);
      expect(error, cursor).toBeInstanceOf(InvalidRequestError);
      messages.add((error as InvalidRequestError).message);
    }
    expect(keyReads).toBe(0);
    const tampered = await cursors.open(SCOPE, `abc.${'A'.repeat(22)}`).catch((e: unknown) => e);
    messages.add((tampered as InvalidRequestError).message);
    expect([...messages]).toEqual([
      'cursor is not one this route gave you; start again without a cursor.',
    ]);
  });

  it('refuses a correctly sealed payload that is not a position (should the key ever leak)', async () => {
    const key = Buffer.alloc(32, 9);
    const cursors = new PageCursors(() => Promise.resolve(key));
    // Seal nonsense the way a holder of the key could, then check it is still refused.
    const { createHmac } = await import('node:crypto');
    const sealed = (value: unknown) => {
      const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
      const mac = createHmac('sha256', key)
        .update(['page-cursor/1', 'models', 'us-east-1', 'alice', payload].join('\n'))
        .digest()
        .subarray(0, 16)
        .toString('base64url');
      return `${payload}.${mac}`;
    };
    await expect(
      cursors.open(SCOPE, sealed([POSITION.certifiedAt, POSITION.modelId])),
    ).resolves.toEqual(POSITION);
    for (const value of [
      ['yesterday', POSITION.modelId],
      [POSITION.certifiedAt, '../../etc/passwd'],
      [POSITION.certifiedAt],
      { certifiedAt: POSITION.certifiedAt, modelId: POSITION.modelId },
      'CERT#us-east-1',
    ])
      await expect(
        cursors.open(SCOPE, sealed(value)),
        JSON.stringify(value),
      ).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
