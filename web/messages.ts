import {
  ApiError,
  IncompleteStreamError,
  NetworkError,
  ProtocolError,
  RateLimitedApiError,
  StreamErrorEventError,
  UnauthorizedApiError,
} from '../client/index.js';
import { formatTimestamp, formatWait } from '../client/format.js';
import { t } from './i18n.js';
import {
  batchCounts,
  batchEtaMs,
  batchPhase,
  nextStartAt,
  type BatchCounts,
  type BatchItem,
  type BatchOutcome,
  type BatchState,
} from './batch-state.js';

/** What the page shows for a failed request. */
export interface UserMessage {
  /** `unauthorized`, `expired`, `rate-limited`, `network`, ... for styling and tests. */
  kind:
    | 'unauthorized'
    | 'expired'
    | 'rate-limited'
    | 'quota'
    | 'network'
    | 'invalid'
    | 'unavailable'
    | 'service'
    | 'cancelled'
    | 'unexpected';
  title: string;
  detail: string;
}

/** What {@link describeError} knows besides the error. */
export interface ErrorContext {
  /** When the token that was sent expires (its `exp`), if it is a JWT. */
  tokenExpiresAt?: Date;
  /** Default `Date.now()`. */
  now?: number;
}

/**
 * What the page says after Cancel. The Lambda runtime does not tell the function that the client
 * left (README "Reliability"), so the run goes on to its end and its result is cached.
 */
export const CANCELLED_MESSAGE: UserMessage = {
  kind: 'cancelled',
  // Getters: one object (the page compares by identity) that reads in the page's language.
  get title() {
    return t('web.error.cancelledTitle');
  },
  get detail() {
    return t('web.error.cancelledDetail');
  },
};

/**
 * The 429 text for `secondsLeft` more seconds, in three parts so the page can count `wait` down
 * every second without a screen reader announcing each tick.
 */
export function rateLimitParts(secondsLeft: number): {
  before: string;
  wait: string;
  after: string;
} {
  const before = t('web.error.rateLimitedBefore');
  return secondsLeft > 0
    ? {
        before: `${before}${t('web.error.rateLimitedIn')}`,
        wait: formatWait(secondsLeft),
        after: '.',
      }
    : { before: `${before}${t('web.error.rateLimitedNow')}`, wait: '', after: '' };
}

/** The 429 text for `secondsLeft` more seconds. */
export function rateLimitDetail(secondsLeft: number): string {
  const { before, wait, after } = rateLimitParts(secondsLeft);
  return `${before}${wait}${after}`;
}

function isAbort(error: unknown): boolean {
  return (
    error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError')
  );
}

/**
 * Turns anything the client threw into a message a person can act on. Server messages are
 * shown as text (never markup); they are written for clients and carry no internals.
 */
export function describeError(error: unknown, context: ErrorContext = {}): UserMessage {
  if (isAbort(error)) return CANCELLED_MESSAGE;
  if (error instanceof UnauthorizedApiError) {
    const { tokenExpiresAt, now = Date.now() } = context;
    if (tokenExpiresAt !== undefined && tokenExpiresAt.getTime() <= now) {
      return {
        kind: 'expired',
        title: t('web.error.expiredTitle'),
        detail: t('web.error.expiredDetail', {
          at: formatTimestamp(tokenExpiresAt.toISOString()),
          ago: formatWait((now - tokenExpiresAt.getTime()) / 1000),
        }),
      };
    }
    return {
      kind: 'unauthorized',
      title: t('web.error.unauthorizedTitle'),
      detail: t('web.error.unauthorizedDetail', { message: error.message }),
    };
  }
  if (error instanceof RateLimitedApiError) {
    if (error.code === 'QUOTA_EXCEEDED') {
      return {
        kind: 'quota',
        title: t('web.error.quotaTitle'),
        detail: t('web.error.quotaDetail', {
          message: error.message,
          wait: formatWait(error.retryAfterSeconds),
        }),
      };
    }
    return {
      kind: 'rate-limited',
      title: t('web.error.rateLimitedTitle'),
      detail: rateLimitDetail(error.retryAfterSeconds),
    };
  }
  if (error instanceof ApiError) {
    if (error.status === 400)
      return {
        kind: 'invalid',
        title: t('web.error.invalidTitle', { code: error.code }),
        detail: error.message,
      };
    if (error.status === 503) {
      const wait =
        error.retryAfterSeconds === undefined
          ? t('web.error.shortly')
          : t('web.error.inWait', { wait: formatWait(error.retryAfterSeconds) });
      return {
        kind: 'unavailable',
        title: t('web.error.unavailableTitle', { code: error.code }),
        detail: t('web.error.unavailableDetail', { message: error.message, wait }),
      };
    }
    const reference = error.requestId
      ? t('web.error.reference', { requestId: error.requestId })
      : '';
    return {
      kind: 'service',
      title: t('web.error.serviceTitle', { status: error.status, code: error.code }),
      detail: `${error.message}${reference}`,
    };
  }
  if (error instanceof StreamErrorEventError) {
    return {
      kind: 'service',
      title: t('web.error.streamTitle', { code: error.code }),
      detail: error.message,
    };
  }
  if (error instanceof IncompleteStreamError) {
    return {
      kind: 'network',
      title: t('web.error.connectionLostTitle'),
      detail: t('web.error.connectionLostDetail'),
    };
  }
  if (error instanceof NetworkError) {
    return {
      kind: 'network',
      title: t('web.error.networkTitle'),
      detail: t('web.error.networkDetail'),
    };
  }
  if (error instanceof ProtocolError) {
    return {
      kind: 'service',
      title: t('web.error.protocolTitle'),
      detail: t('web.error.protocolDetail', { message: error.message }),
    };
  }
  return {
    kind: 'unexpected',
    title: t('web.error.unexpectedTitle'),
    detail: error instanceof Error ? error.message : String(error),
  };
}

/** What a folded sort button adds for screen readers when its column is the sort (", sorted ascending"). */
export function sortStateText(direction: 'ascending' | 'descending'): string {
  return `, sorted ${direction}`;
}

/** Longest part of a bad id a message repeats: a link can carry kilobytes. */
const QUOTED_ID_LENGTH = 80;

/** What the page says when a `#model=` link names something that is not a model id. */
export function badModelLinkMessage(model: string): UserMessage {
  const quoted = model.length > QUOTED_ID_LENGTH ? `${model.slice(0, QUOTED_ID_LENGTH)}…` : model;
  return {
    kind: 'invalid',
    title: 'This link names no valid model',
    detail: `"${quoted}" is not a Bedrock model id, inference profile id or model ARN. Pick a model below, or correct the id above and press Certify.`,
  };
}

/** The progress bar's spoken value while probes run: "0 of 6 probes finished, 6 running". */
export function progressValueText(finished: number, total: number, running: number): string {
  return `${finished} of ${total} probes finished, ${running} running`;
}

/** How the batch status names each outcome after a count. */
const OUTCOME_WORDS: Readonly<Record<BatchOutcome, string>> = {
  certified: 'certified',
  failed: 'failed',
  unavailable: 'unavailable',
  cached: 'from the cache',
  error: 'could not be certified',
  detached: 'still running in the background',
  'not-run': 'not started',
};

/**
 * "3 certified, 1 failed": the answered outcomes with a count, in a fixed order; `errors` says
 * which could not be certified and why.
 */
function answeredList(counts: BatchCounts, errors = ''): string {
  return (['certified', 'failed', 'unavailable', 'cached', 'error'] as const)
    .filter((outcome) => counts[outcome] > 0)
    .map(
      (outcome) =>
        `${counts[outcome]} ${OUTCOME_WORDS[outcome]}${outcome === 'error' && errors ? ` (${errors})` : ''}`,
    )
    .join(', ');
}

function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** "12 of 37 finished (10 certified, 2 failed)": the items answered so far. */
function finishedPart(counts: BatchCounts): string {
  const answered = answeredList(counts);
  return `${counts.answered} of ${counts.total} finished${answered ? ` (${answered})` : ''}`;
}

/** What an item certifies: its id, and the Region when the page named one. */
function itemName(item: BatchItem): string {
  return item.region === undefined ? item.target : `${item.target} in ${item.region}`;
}

/** "us.x: Service unavailable; y: Not signed in" for the items that could not be certified. */
function errorReasons(state: BatchState): string {
  return state.items
    .filter((item) => item.outcome === 'error')
    .map((item) => `${itemName(item)}: ${item.reason ?? 'error'}`)
    .join('; ');
}

/**
 * The batch status line, every number from `state`: while it runs, what finished and how, what
 * runs, what waits and the time left; during a rate-limit wait, that it waits and for how long;
 * at the end, each outcome, and after Stop what goes on in the background and what never started.
 */
export function batchStatusText(state: BatchState, now: number): string {
  const counts = batchCounts(state);
  const one = state.items.length === 1 ? state.items[0] : undefined;
  switch (batchPhase(state)) {
    case 'running': {
      if (one)
        return one.progress
          ? `Certifying ${itemName(one)}: ${one.progress.current} of ${one.progress.total} probes finished.`
          : `Certifying ${itemName(one)}…`;
      if (counts.queued === counts.total) return `Certifying ${counts.total} models…`;
      const eta = batchEtaMs(state, now);
      return [
        `Certifying ${counts.total} models: ${finishedPart(counts)}`,
        `${counts.running} running`,
        ...(counts.waiting > 0 ? [`${counts.waiting} waiting for the rate limit`] : []),
        ...(counts.queued > 0 ? [`${counts.queued} queued`] : []),
        ...(eta === undefined ? [] : [`about ${formatWait(eta / 1000)} left`]),
      ].join(' · ');
    }
    case 'waiting': {
      const wait = formatWait(secondsUntil(nextStartAt(state) ?? now, now));
      if (one) return `Waiting for the rate limit: ${itemName(one)} is sent again in ${wait}.`;
      return [
        `Waiting for the rate limit: the batch is sent again in ${wait}`,
        finishedPart(counts),
        `${counts.queued + counts.waiting} to go`,
      ].join(' · ');
    }
    case 'stopping':
      return 'Stopping…';
    case 'ended':
      return endedText(state, counts);
  }
}

function endedText(state: BatchState, counts: BatchCounts): string {
  const answered = answeredList(counts, errorReasons(state));
  const notStarted = counts['not-run'] > 0 ? ` ${counts['not-run']} not started.` : '';
  if (state.stoppedAt !== undefined) {
    // What Stop really did: it closes the batch's stream, and the service is not told that the
    // page left. Runs already started finish, are cached and count toward the month's usage;
    // items the service had but not yet started may still run.
    const pending = state.items.filter((item) => item.outcome === 'not-run' && item.sent).length;
    const unsent = counts['not-run'] - pending;
    const background =
      counts.detached > 0
        ? ` ${counts.detached} already running ${counts.detached === 1 ? 'goes' : 'go'} on in the background; ${counts.detached === 1 ? 'its result' : 'their results'} will be cached and count toward this month's usage.`
        : pending === 0
          ? ' Nothing was running, so nothing goes on in the background.'
          : '';
    const waiting =
      pending > 0
        ? ` ${pending} not started yet may still run: the service is not told that the page left.`
        : '';
    return `Stopped: ${finishedPart(counts)}.${background}${waiting}${unsent > 0 ? ` ${unsent} not started.` : ''}`;
  }
  if (state.haltReason !== undefined)
    return `Stopped early (${state.haltReason}): ${finishedPart(counts)}.${notStarted}`;
  return `Done: ${answered || 'nothing certified'}.${notStarted}`;
}

/** A row's marker while (and after) it is in a batch; empty when its badge already says it. */
export function batchRowText(item: BatchItem, now: number): string {
  switch (item.phase) {
    case 'queued':
      return 'queued';
    case 'running':
      return item.progress
        ? `running ${item.progress.current}/${item.progress.total}`
        : 'starting…';
    case 'waiting':
      return `waiting for the rate limit (${formatWait(secondsUntil(item.retryAt ?? now, now))})`;
    case 'finished':
      switch (item.outcome) {
        case 'cached':
          return 'from the cache';
        case 'error':
          return `could not certify: ${item.reason ?? 'error'}`;
        case 'detached':
          return 'still running in the background';
        case 'not-run':
          return item.sent ? 'not started yet (may still run on the service)' : 'not started';
        case 'certified':
        case 'failed':
        case 'unavailable':
        case undefined:
          return '';
      }
  }
}

/** Said once when a batch starts waiting for the rate limit. */
export function batchWaitAnnouncement(state: BatchState, now: number): string {
  const wait = formatWait(secondsUntil(nextStartAt(state) ?? now, now));
  return `Rate limit reached: waiting ${wait}, then the batch is sent again by itself.`;
}
