import type { Certification, CertificationEvent } from '../../shared/types.js';
import { eventsOf, readFrames, type Frame } from './sse-client.js';

/** Paths of the API's routes (docs/api.md). */
export const paths = {
  stream: (modelId: string) =>
    `/api/certification/certify-model/${encodeURIComponent(modelId)}/stream`,
  certify: '/api/certification/certify-model',
  check: (modelId: string) => `/api/certification/check/${encodeURIComponent(modelId)}`,
  models: '/api/certification/models',
  health: '/health',
} as const;

/** What one certify request (SSE or POST) ended with. */
export interface CertifyOutcome {
  kind: 'stream' | 'post';
  status: number;
  /** `Date.now()` when the response head arrived. */
  headersAt: number;
  /** `Date.now()` when the body was read to its end. */
  endedAt: number;
  headers: Headers;
  /** SSE frames (stream) — empty for POST and for error answers. */
  frames: Frame[];
  /** The terminal certification: the `complete` event's or the POST body's. */
  certification?: Certification;
  /** The JSON body of a non-200 answer, or of a POST. */
  json?: unknown;
}

/** A small client for the service under test, over `fetch`. */
export class ServiceClient {
  constructor(private readonly baseUrl: string) {}

  fetch(path: string, token?: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
    return fetch(`${this.baseUrl}${path}`, { ...init, headers });
  }

  post(modelId: unknown, token?: string, init: RequestInit = {}): Promise<Response> {
    return this.fetch(paths.certify, token, {
      ...init,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...init.headers },
      body: JSON.stringify({ modelId }),
    });
  }

  /** Certifies over SSE or POST and reads the answer to its end. */
  async certify(
    kind: 'stream' | 'post',
    modelId: string,
    token: string,
    init: RequestInit = {},
  ): Promise<CertifyOutcome> {
    const response =
      kind === 'stream'
        ? await this.fetch(paths.stream(modelId), token, init)
        : await this.post(modelId, token, init);
    const headersAt = Date.now();
    const outcome: Omit<CertifyOutcome, 'endedAt'> = {
      kind,
      status: response.status,
      headersAt,
      headers: response.headers,
      frames: [],
    };
    if (response.status === 200 && kind === 'stream') {
      const frames = await readFrames(response);
      const last = eventsOf(frames).at(-1);
      return {
        ...outcome,
        frames,
        endedAt: Date.now(),
        ...(last?.type === 'complete' ? { certification: last.certification } : {}),
      };
    }
    const json: unknown = await response.json();
    const certification =
      response.status === 200
        ? (json as { certification: Certification }).certification
        : undefined;
    return { ...outcome, json, endedAt: Date.now(), ...(certification ? { certification } : {}) };
  }
}

/** The terminal events (`complete` / `error`) among a stream's frames. */
export function terminalEvents(frames: Frame[]): CertificationEvent[] {
  return eventsOf(frames).filter((event) => event.type !== 'progress');
}

/** `{ testName: code | 'passed' }` of a certification, for exact per-probe assertions. */
export function probeCodes(certification: Certification): Record<string, string> {
  return Object.fromEntries(
    certification.results.map((result) => [result.testName, result.error?.code ?? 'passed']),
  );
}

/** Waits until `condition()` holds, polling every `intervalMs`; resolves with the time it took. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 5,
): Promise<number> {
  const startedAt = performance.now();
  for (;;) {
    if (await condition()) return performance.now() - startedAt;
    if (performance.now() - startedAt > timeoutMs)
      throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The regexes a leaked stack trace or internal error text would match. */
export const STACK_TRACE_PATTERNS: readonly RegExp[] = [
  /^\s*at /m,
  /\bat \S+ \(/,
  /\bat (?:file|node):/,
  /\.(?:ts|js|mjs|cjs):\d+/,
  /\b[A-Z]\w*Error:/,
  /node_modules/,
  /\/work\//,
];
