/**
 * The checks of `npm run smoke`: a running service (local or deployed) end to end, each check one
 * line. Every request has a timeout, and a check that needs what an earlier one failed to
 * establish is skipped, not run into the same wall. Reads the wire itself (never the typed
 * client), so it sees the stream exactly as the original system's clients do.
 */
import type { Translator } from '../shared/i18n/translate.js';
import type { Certification, StreamTicketResponse } from '../shared/types.js';
import type { FetchLike } from './certification-client.js';
import { ENGLISH, plural } from './cli-harness.js';

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
  /**
   * The language of the details (default English), also sent as `Accept-Language`, so the
   * service's own messages in them match. The checks' names are the same in every language.
   */
  t?: Translator;
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
  const { t = ENGLISH } = options;
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
    const headers = { 'accept-language': t.locale, ...(init.headers as Record<string, string>) };
    try {
      return await doFetch(`${base}${path}`, { ...init, headers, signal });
    } catch (error) {
      throw new CheckFailure(transportProblem(error, timeoutMs, base, t));
    }
  };
  const json = async (response: Response): Promise<Record<string, unknown>> => {
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new CheckFailure(
        t.t(isTimeout(error) ? 'cli.smoke.answerStopped' : 'cli.smoke.notJson'),
      );
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new CheckFailure(t.t('cli.smoke.notObject'));
    return body as Record<string, unknown>;
  };
  const expectStatus = async (response: Response, status: number): Promise<void> => {
    if (response.status === status) return;
    const body = await response.text().catch(() => '');
    const code = errorCode(body);
    const seen = `${response.status}${code ? ` ${code}` : ''}`;
    throw new CheckFailure(
      t.t(response.status === 401 ? 'cli.smoke.statusToken' : 'cli.smoke.status', {
        status: seen,
        expected: status,
      }),
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
      const need =
        missing === 'a certification from the stream'
          ? t.t('cli.smoke.needCertification')
          : smokeCheckLabel(missing, t);
      result = { name, status: 'skipped', detail: t.t('cli.smoke.skipped', { need }) };
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
              : t.t('cli.smoke.unexpected', {
                  message: error instanceof Error ? error.message : String(error),
                }),
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
      throw new CheckFailure(
        t.t('cli.smoke.health.notOk', {
          expected: '{"status":"ok"}',
          body: JSON.stringify(body).slice(0, 80),
        }),
      );
    return '200 {"status":"ok"}';
  });

  await check('auth refusal', ['health'], async () => {
    const response = await request(`${API}/check/${model}`);
    await response.body?.cancel();
    if (response.status !== 401)
      throw new CheckFailure(t.t('cli.smoke.auth.notRefused', { status: response.status }));
    const challenge = response.headers.get('www-authenticate') ?? '';
    if (!/^Bearer\b/i.test(challenge)) throw new CheckFailure(t.t('cli.smoke.auth.noChallenge'));
    return t.t('cli.smoke.auth.passed', { challenge });
  });

  await check('token accepted', ['health'], async () => {
    const response = await request(`${API}/check/${model}`, { headers: bearer });
    await expectStatus(response, 200);
    const body = await json(response);
    if (typeof body.cached !== 'boolean') throw new CheckFailure(t.t('cli.smoke.token.noCached'));
    return t.t(body.cached ? 'cli.smoke.token.cached' : 'cli.smoke.token.notCached', {
      modelId: options.modelId,
    });
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
      throw new CheckFailure(
        t.t('cli.smoke.framing.contentType', { type: type || t.t('cli.smoke.framing.missing') }),
      );
    stream = await readStream(response, t);
    const last = stream.events.at(-1);
    if (last?.type === 'complete' && last.certification) certification = last.certification;
    if (stream.framingProblem !== undefined) throw new CheckFailure(stream.framingProblem);
    const seen = { count: stream.events.length, type: String(last?.type) };
    return stream.comments > 0
      ? t.t('cli.smoke.framing.passedComments', { ...seen, comments: stream.comments })
      : t.t('cli.smoke.framing.passed', seen);
  });

  await check('certification', ['token accepted'], () => {
    const last = stream?.events.at(-1);
    if (stream === undefined) throw new CheckFailure(t.t('cli.smoke.certification.notOpened'));
    if (last?.type === 'error')
      throw new CheckFailure(
        t.t('cli.smoke.certification.error', {
          code: String(last.code),
          message: String(last.message),
        }),
      );
    if (certification === undefined)
      throw new CheckFailure(t.t('cli.smoke.certification.noComplete'));
    const { status, testsPassed, results: tests, region } = certification;
    const seen = {
      modelId: options.modelId,
      status,
      region,
      passed: testsPassed,
      total: tests.length,
    };
    if (status !== 'certified') {
      const hint = (certification as { diagnosis?: { hint?: string }[] }).diagnosis?.[0]?.hint;
      throw new CheckFailure(
        hint
          ? t.t('cli.smoke.certification.notCertifiedHint', { ...seen, hint })
          : t.t('cli.smoke.certification.notCertified', seen),
      );
    }
    return Promise.resolve(t.t('cli.smoke.certification.passed', seen));
  });

  // The cache and the ticket stream need a stored result, whatever its status.
  const stored = (): Certification => {
    if (certification === undefined)
      throw new CheckFailure(t.t('cli.smoke.cached.nothingToCompare'));
    return certification;
  };

  await check('cached answer', ['a certification from the stream'], async () => {
    const run = stored();
    const checked = await request(`${API}/check/${model}`, { headers: bearer });
    await expectStatus(checked, 200);
    const answer = (await json(checked)) as { cached?: unknown; certification?: Certification };
    if (answer.cached !== true) throw new CheckFailure(t.t('cli.smoke.cached.nothing'));
    if (answer.certification?.certifiedAt !== run.certifiedAt)
      throw new CheckFailure(t.t('cli.smoke.cached.otherRun'));
    const again = await request(`${API}/certify-model`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ modelId: options.modelId }),
    });
    await expectStatus(again, 200);
    const second = ((await json(again)) as { certification?: Certification }).certification;
    if (second?.cached !== true || second.certifiedAt !== run.certifiedAt)
      throw new CheckFailure(t.t('cli.smoke.cached.ranAgain'));
    return t.t('cli.smoke.cached.passed');
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
      throw new CheckFailure(t.t('cli.smoke.ticket.noUrl'));
    // As EventSource opens it: no Authorization header, the ticket in the URL.
    const response = await request(streamUrl, {}, certificationTimeoutMs);
    await expectStatus(response, 200);
    const ticketStream = await readStream(response, t);
    if (ticketStream.framingProblem !== undefined)
      throw new CheckFailure(ticketStream.framingProblem);
    const last = ticketStream.events.at(-1);
    if (last?.type !== 'complete' || last.certification?.certifiedAt !== run.certifiedAt)
      throw new CheckFailure(t.t('cli.smoke.ticket.notCached'));
    return t.t('cli.smoke.ticket.passed');
  });

  await check('catalog', ['token accepted'], async () => {
    const response = await request(`${API}/catalog`, { headers: bearer });
    await expectStatus(response, 200);
    const catalog = (await json(response)) as { region?: unknown; models?: unknown };
    if (!Array.isArray(catalog.models) || typeof catalog.region !== 'string')
      throw new CheckFailure(t.t('cli.smoke.catalog.malformed'));
    return t.t('cli.smoke.catalog.passed', {
      count: catalog.models.length,
      region: catalog.region,
    });
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
      throw new CheckFailure(t.t('cli.smoke.usage.malformed'));
    const runs = usage.certifications;
    const line = t.t(
      plural(t, runs) === 'one' ? 'cli.smoke.usage.passedOne' : 'cli.smoke.usage.passedOther',
      { count: runs, month: usage.month },
    );
    // Four decimals, unlike the CLIs' money format: a smoke run's cost is a fraction of a cent.
    return typeof usage.estimatedCostUsd === 'number'
      ? `${line}, ~${fourDecimalUsd(usage.estimatedCostUsd, t)}`
      : line;
  });

  return results;
}

/**
 * Reads an SSE answer to its end and checks it against the original framing: every event exactly
 * one `data: <json>` line and a blank line (`: ...` comments allowed), no `id:`, `event:` or
 * `retry:`, LF only, and exactly one terminal event (`complete` or `error`), the last one.
 */
async function readStream(response: Response, t: Translator): Promise<ReadStream> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new CheckFailure(
      t.t(isTimeout(error) ? 'cli.smoke.stream.timeout' : 'cli.smoke.stream.cut'),
    );
  }
  const events: StreamEvent[] = [];
  let comments = 0;
  let framingProblem: string | undefined;
  const problem = (found: string): void => {
    framingProblem ??= found;
  };
  if (text.includes('\r')) problem(t.t('cli.smoke.stream.cr'));
  if (!text.endsWith('\n\n')) problem(t.t('cli.smoke.stream.noBlankLine'));
  const blocks = text.split('\n\n').filter((block) => block !== '');
  for (const block of blocks) {
    const lines = block.split('\n');
    if (lines.every((line) => line.startsWith(':'))) {
      comments += 1;
      continue;
    }
    const position = t.t('cli.smoke.stream.event', { number: events.length + 1 });
    for (const field of ['id', 'event', 'retry'])
      if (lines.some((line) => line.startsWith(`${field}:`)))
        problem(t.t('cli.smoke.stream.field', { position, field }));
    const data = lines.filter((line) => line.startsWith('data:'));
    if (data.length !== 1 || lines.length !== 1)
      problem(t.t('cli.smoke.stream.lines', { position, count: lines.length }));
    if (data[0] !== undefined && !data[0].startsWith('data: '))
      problem(t.t('cli.smoke.stream.noSpace', { position }));
    // Lenient from here on, so the certification can still be read and reported.
    const payload = data.map((line) => line.replace(/^data: ?/, '')).join('\n');
    try {
      const event = JSON.parse(payload) as unknown;
      if (typeof event !== 'object' || event === null) throw new Error('not an object');
      events.push(event);
    } catch {
      problem(t.t('cli.smoke.stream.notJson', { position }));
      events.push({});
    }
  }
  const terminal = events.filter((event) => event.type === 'complete' || event.type === 'error');
  if (terminal.length !== 1) problem(t.t('cli.smoke.stream.terminals', { count: terminal.length }));
  else if (terminal[0] !== events.at(-1)) problem(t.t('cli.smoke.stream.afterTerminal'));
  return { events, comments, ...(framingProblem !== undefined ? { framingProblem } : {}) };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** Why a request got no answer, in a few words. */
function transportProblem(error: unknown, timeoutMs: number, base: string, t: Translator): string {
  if (isTimeout(error)) return t.t('cli.smoke.noAnswer', { seconds: timeoutMs / 1000, url: base });
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return code
    ? t.t('cli.smoke.unreachableCode', { url: base, code })
    : t.t('cli.smoke.unreachable', { url: base });
}

/** A check's name for people, in `t`'s language (the report's lines and the skipped ones' needs). */
export function smokeCheckLabel(name: SmokeCheckName, t: Translator = ENGLISH): string {
  return t.t(`cli.smoke.check.${name}`);
}

/** `$0.0123` / `US$ 0,0123`. */
function fourDecimalUsd(usd: number, t: Translator): string {
  return new Intl.NumberFormat(t.locale, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 4,
    maximumFractionDigits: 4,
  }).format(usd);
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
