/**
 * The checks of `npm run smoke`: a running service (local or deployed) end to end, each check one
 * line. Every request has a timeout, and a check that needs what an earlier one failed to
 * establish is skipped, not run into the same wall. Reads the wire itself (never the typed
 * client), so it sees the stream exactly as the original system's clients do.
 */
import type { Certification, StreamTicketResponse } from '../shared/types.js';
import type { FetchLike } from './certification-client.js';

/** The checks, in the order they run. */
export const SMOKE_CHECKS = [
  'health',
  'auth refusal',
  'token accepted',
  'stream framing',
  'certification',
  'cached answer',
  'ticket stream',
  'catalog',
  'usage',
] as const;

/** A check's name. */
export type SmokeCheckName = (typeof SMOKE_CHECKS)[number];

/** One check's outcome, printed as one line. */
export interface SmokeCheckResult {
  name: SmokeCheckName;
  status: 'passed' | 'failed' | 'skipped';
  /** Short: what was seen, or why it failed or was skipped. */
  detail: string;
}

/** The `fetch` the checks use (the global one by default); every call passes `init`. */
export type SmokeFetch = FetchLike;

/** Options of {@link runSmoke}. */
export interface SmokeOptions {
  /** The service's base URL (a Function URL, `http://localhost:3000`). */
  url: string;
  /** An access token the service accepts. */
  token: string;
  /** The model to certify; it should certify in the service's Region. */
  modelId: string;
  fetch?: SmokeFetch;
  /** Every request but the certification's stream; default {@link SMOKE_DEFAULTS.requestTimeoutMs}. */
  requestTimeoutMs?: number;
  /** The certification's stream, to its last event; default {@link SMOKE_DEFAULTS.certificationTimeoutMs}. */
  certificationTimeoutMs?: number;
  /** Called with each result as soon as it is known. */
  onResult?: (result: SmokeCheckResult) => void;
  /** Aborts the remaining requests (Ctrl+C). */
  signal?: AbortSignal;
}

/** Defaults of the smoke checks. */
export const SMOKE_DEFAULTS = {
  /** A current model that certifies (an inference profile of the `us` geography). */
  modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  /** Below 10 s: against something that is not the service, the first check fails within 10 s. */
  requestTimeoutMs: 8_000,
  /** A certification never runs past 60 s; a cold start and the network on top. */
  certificationTimeoutMs: 90_000,
} as const;

const API = '/api/certification';

/**
 * A check failed; its message says how, in a few words. Private to this module (not in
 * errors.ts): it is how a check returns early, and never leaves {@link runSmoke}, which turns it
 * into the check's result line.
 */
class CheckFailure extends Error {}

/** One data event of a stream, and the block it came in. */
interface StreamEvent {
  type?: unknown;
  certification?: Certification;
  code?: unknown;
  message?: unknown;
}

/** What reading a stream found. */
interface ReadStream {
  events: StreamEvent[];
  /** Why the framing is not the original's; undefined when it is. */
  framingProblem?: string;
  comments: number;
}

/**
 * Runs every check against the service; resolves with one result per check, in order (also
 * handed to `onResult` as each is known). Never rejects for anything the service does.
 */
export async function runSmoke(options: SmokeOptions): Promise<SmokeCheckResult[]> {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const requestTimeoutMs = options.requestTimeoutMs ?? SMOKE_DEFAULTS.requestTimeoutMs;
  const certificationTimeoutMs =
    options.certificationTimeoutMs ?? SMOKE_DEFAULTS.certificationTimeoutMs;
  const model = encodeURIComponent(options.modelId);
  const bearer = { authorization: `Bearer ${options.token}` };
  const results: SmokeCheckResult[] = [];
  const done = new Set<SmokeCheckName>();

  const request = async (
    path: string,
    init: RequestInit = {},
    timeoutMs = requestTimeoutMs,
  ): Promise<Response> => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    try {
      return await doFetch(`${base}${path}`, { ...init, signal });
    } catch (error) {
      throw new CheckFailure(transportProblem(error, timeoutMs, base));
    }
  };
  const json = async (response: Response): Promise<Record<string, unknown>> => {
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new CheckFailure(
        isTimeout(error) ? 'the answer stopped arriving' : 'the answer is not JSON',
      );
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new CheckFailure('the answer is not a JSON object');
    return body as Record<string, unknown>;
  };
  const expectStatus = async (response: Response, status: number): Promise<void> => {
    if (response.status === status) return;
    const body = await response.text().catch(() => '');
    const code = errorCode(body);
    throw new CheckFailure(
      `${response.status}${code ? ` ${code}` : ''}, expected ${status}${response.status === 401 ? ' (the token is not accepted)' : ''}`,
    );
  };

  let stream: ReadStream | undefined;
  let certification: Certification | undefined;
  /** What a check needs: checks that passed, or the stream's certification (whatever its status). */
  type Need = SmokeCheckName | 'a certification from the stream';
  const has = (need: Need): boolean =>
    need === 'a certification from the stream' ? certification !== undefined : done.has(need);

  const check = async (
    name: SmokeCheckName,
    needs: readonly Need[],
    run: () => Promise<string>,
  ): Promise<void> => {
    const missing = needs.find((need) => !has(need));
    let result: SmokeCheckResult;
    if (missing !== undefined) {
      result = { name, status: 'skipped', detail: `skipped: needs ${missing}` };
    } else {
      try {
        result = { name, status: 'passed', detail: await run() };
        done.add(name);
      } catch (error) {
        result = {
          name,
          status: 'failed',
          detail:
            error instanceof CheckFailure
              ? error.message
              : `unexpected: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    }
    results.push(result);
    options.onResult?.(result);
  };

  await check('health', [], async () => {
    const response = await request('/health');
    await expectStatus(response, 200);
    const body = await json(response);
    if (body.status !== 'ok')
      throw new CheckFailure(`200 but not {"status":"ok"}: ${JSON.stringify(body).slice(0, 80)}`);
    return '200 {"status":"ok"}';
  });

  await check('auth refusal', ['health'], async () => {
    const response = await request(`${API}/check/${model}`);
    await response.body?.cancel();
    if (response.status !== 401)
      throw new CheckFailure(`${response.status} without a token, expected 401`);
    const challenge = response.headers.get('www-authenticate') ?? '';
    if (!/^Bearer\b/i.test(challenge))
      throw new CheckFailure('401 without WWW-Authenticate: Bearer');
    return `401 without a token, WWW-Authenticate: ${challenge}`;
  });

  await check('token accepted', ['health'], async () => {
    const response = await request(`${API}/check/${model}`, { headers: bearer });
    await expectStatus(response, 200);
    const body = await json(response);
    if (typeof body.cached !== 'boolean')
      throw new CheckFailure('200 but no "cached" in the check answer');
    return `check ${options.modelId}: ${body.cached ? 'cached' : 'not cached'}`;
  });

  await check('stream framing', ['token accepted'], async () => {
    // Fresh: the run this smoke test exists for, not an answer from the cache.
    const response = await request(
      `${API}/certify-model/${model}/stream?fresh=true`,
      { headers: bearer },
      certificationTimeoutMs,
    );
    await expectStatus(response, 200);
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('text/event-stream'))
      throw new CheckFailure(`content-type ${type || 'missing'}, expected text/event-stream`);
    stream = await readStream(response);
    const last = stream.events.at(-1);
    if (last?.type === 'complete' && last.certification) certification = last.certification;
    if (stream.framingProblem !== undefined) throw new CheckFailure(stream.framingProblem);
    return `${stream.events.length} events, each one "data: <json>" line; ends with one ${String(last?.type)}${stream.comments > 0 ? ` (${stream.comments} keep-alive comments)` : ''}`;
  });

  await check('certification', ['token accepted'], () => {
    const last = stream?.events.at(-1);
    if (stream === undefined) throw new CheckFailure('the stream did not open');
    if (last?.type === 'error')
      throw new CheckFailure(
        `the stream ended with error ${String(last.code)}: ${String(last.message)}`,
      );
    if (certification === undefined)
      throw new CheckFailure('the stream did not end with a complete event');
    const { status, testsPassed, results: tests, region } = certification;
    if (status !== 'certified') {
      const hint = (certification as { diagnosis?: { hint?: string }[] }).diagnosis?.[0]?.hint;
      throw new CheckFailure(
        `${options.modelId} ${status} in ${region} (${testsPassed}/${tests.length})${hint ? `: ${hint}` : ''}`,
      );
    }
    return Promise.resolve(
      `${options.modelId} certified in ${region}, ${testsPassed}/${tests.length} tests`,
    );
  });

  // The cache and the ticket stream need a stored result, whatever its status.
  const stored = (): Certification => {
    if (certification === undefined) throw new CheckFailure('no certification to compare with');
    return certification;
  };

  await check('cached answer', ['a certification from the stream'], async () => {
    const run = stored();
    const checked = await request(`${API}/check/${model}`, { headers: bearer });
    await expectStatus(checked, 200);
    const answer = (await json(checked)) as { cached?: unknown; certification?: Certification };
    if (answer.cached !== true) throw new CheckFailure('the check route has nothing cached');
    if (answer.certification?.certifiedAt !== run.certifiedAt)
      throw new CheckFailure('the check route answers another run than the one just made');
    const again = await request(`${API}/certify-model`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ modelId: options.modelId }),
    });
    await expectStatus(again, 200);
    const second = ((await json(again)) as { certification?: Certification }).certification;
    if (second?.cached !== true || second.certifiedAt !== run.certifiedAt)
      throw new CheckFailure('a second request ran the model again instead of answering the cache');
    return 'the check route and a second request answer the run just made';
  });

  await check('ticket stream', ['a certification from the stream'], async () => {
    const run = stored();
    const issued = await request(`${API}/stream-tickets`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ modelId: options.modelId }),
    });
    await expectStatus(issued, 201);
    const { streamUrl } = (await json(issued)) as Partial<StreamTicketResponse>;
    if (typeof streamUrl !== 'string' || !streamUrl.startsWith('/'))
      throw new CheckFailure('201 without a relative streamUrl');
    // As EventSource opens it: no Authorization header, the ticket in the URL.
    const response = await request(streamUrl, {}, certificationTimeoutMs);
    await expectStatus(response, 200);
    const ticketStream = await readStream(response);
    if (ticketStream.framingProblem !== undefined)
      throw new CheckFailure(ticketStream.framingProblem);
    const last = ticketStream.events.at(-1);
    if (last?.type !== 'complete' || last.certification?.certifiedAt !== run.certifiedAt)
      throw new CheckFailure('the ticket stream did not end with the cached certification');
    return 'POST /stream-tickets, then streamUrl without Authorization: the cached result';
  });

  await check('catalog', ['token accepted'], async () => {
    const response = await request(`${API}/catalog`, { headers: bearer });
    await expectStatus(response, 200);
    const catalog = (await json(response)) as { region?: unknown; models?: unknown };
    if (!Array.isArray(catalog.models) || typeof catalog.region !== 'string')
      throw new CheckFailure('200 without region and models');
    return `${catalog.models.length} models in ${catalog.region}`;
  });

  await check('usage', ['token accepted'], async () => {
    const response = await request(`${API}/usage`, { headers: bearer });
    await expectStatus(response, 200);
    const usage = (await json(response)) as {
      month?: unknown;
      certifications?: unknown;
      estimatedCostUsd?: unknown;
    };
    if (typeof usage.certifications !== 'number' || typeof usage.month !== 'string')
      throw new CheckFailure('200 without month and certifications');
    const cost =
      typeof usage.estimatedCostUsd === 'number' ? `, ~$${usage.estimatedCostUsd.toFixed(4)}` : '';
    const runs = usage.certifications;
    return `${runs} certification${runs === 1 ? '' : 's'} in ${usage.month}${cost}`;
  });

  return results;
}

/**
 * Reads an SSE answer to its end and checks it against the original framing: every event exactly
 * one `data: <json>` line and a blank line (`: ...` comments allowed), no `id:`, `event:` or
 * `retry:`, LF only, and exactly one terminal event (`complete` or `error`), the last one.
 */
async function readStream(response: Response): Promise<ReadStream> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new CheckFailure(
      isTimeout(error)
        ? 'the stream did not end in time'
        : 'the stream was cut before its last event',
    );
  }
  const events: StreamEvent[] = [];
  let comments = 0;
  let framingProblem: string | undefined;
  const problem = (found: string): void => {
    framingProblem ??= found;
  };
  if (text.includes('\r'))
    problem('CR characters in the stream: the original clients split on "\\n\\n" only');
  if (!text.endsWith('\n\n')) problem('the stream does not end with a blank line');
  const blocks = text.split('\n\n').filter((block) => block !== '');
  for (const block of blocks) {
    const lines = block.split('\n');
    if (lines.every((line) => line.startsWith(':'))) {
      comments += 1;
      continue;
    }
    const position = `event ${events.length + 1}`;
    for (const field of ['id', 'event', 'retry'])
      if (lines.some((line) => line.startsWith(`${field}:`)))
        problem(
          `${position} has an "${field}:" field; the original clients read only "data: " lines`,
        );
    const data = lines.filter((line) => line.startsWith('data:'));
    if (data.length !== 1 || lines.length !== 1)
      problem(`${position} is ${lines.length} lines; each must be one "data: <json>" line`);
    if (data[0] !== undefined && !data[0].startsWith('data: '))
      problem(`${position} has no space after "data:"`);
    // Lenient from here on, so the certification can still be read and reported.
    const payload = data.map((line) => line.replace(/^data: ?/, '')).join('\n');
    try {
      const event = JSON.parse(payload) as unknown;
      if (typeof event !== 'object' || event === null) throw new Error('not an object');
      events.push(event);
    } catch {
      problem(`${position} is not one JSON object`);
      events.push({});
    }
  }
  const terminal = events.filter((event) => event.type === 'complete' || event.type === 'error');
  if (terminal.length !== 1)
    problem(`${terminal.length} complete/error events; the stream ends with exactly one`);
  else if (terminal[0] !== events.at(-1)) problem('events follow the complete/error event');
  return { events, comments, ...(framingProblem !== undefined ? { framingProblem } : {}) };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** Why a request got no answer, in a few words. */
function transportProblem(error: unknown, timeoutMs: number, base: string): string {
  if (isTimeout(error)) return `no answer within ${timeoutMs / 1000} s from ${base}`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return `cannot reach ${base}${code ? ` (${code})` : ''}`;
}

/** The `error.code` of a service error body, if it is one. */
function errorCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
