import middy from '@middy/core';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  startFunctionUrlEmulator,
  type FunctionUrlEmulator,
} from '../../local/function-url-emulator.js';
import { installLambdaRuntimeGlobals } from '../../local/lambda-runtime-globals.js';
import { anyString } from '../support/matchers.js';

/** Requests node's HTTP parser refuses never reach the handler; the front door still answers JSON. */
let emulator: FunctionUrlEmulator;
let invocations = 0;
beforeAll(async () => {
  installLambdaRuntimeGlobals();
  const handler = middy(
    () => {
      invocations += 1;
      return { statusCode: 200, headers: {}, body: 'ok' };
    },
    { streamifyResponse: true },
  );
  emulator = await startFunctionUrlEmulator({ loadHandler: () => Promise.resolve(handler) });
  return () => emulator.close();
});

/** Writes `text` on a fresh connection and reads until the server closes it. */
function exchange(text: string): Promise<string> {
  const url = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('Function URL emulator front door', () => {
  it.each([
    ['a control character in the path', 'GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['raw non-ASCII bytes in the path', 'GET /\xe9 HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['an unknown method', 'BREW /health HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['not HTTP at all', 'hello\r\n\r\n', 400],
    [
      "headers over node's 16 KB limit",
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
    ],
    ['CONNECT', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 405],
  ])('%s gets a JSON %i and never reaches the handler', async (_label, text, status) => {
    const before = invocations;
    const answer = await exchange(text);
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(body)).toEqual({ Message: anyString() });
    expect(invocations).toBe(before);
  });
});
