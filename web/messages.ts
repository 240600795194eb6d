import {
  ApiError,
  IncompleteStreamError,
  NetworkError,
  ProtocolError,
  QuotaExceededApiError,
  RateLimitedApiError,
  StreamErrorEventError,
  UnauthorizedApiError,
} from '../client/index.js';
import { t } from './i18n.js';
import { ago, count, dateTime, plural, wait, type PluralKeys } from './locale-format.js';
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
 * left (docs/benchmarks.md, "Reliability"), so the run goes on to its end and its result is
 * cached.
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
        wait: wait(secondsLeft),
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
          at: dateTime(tokenExpiresAt.toISOString()),
          ago: ago((now - tokenExpiresAt.getTime()) / 1000),
        }),
      };
    }
    return {
      kind: 'unauthorized',
      title: t('web.error.unauthorizedTitle'),
      detail: t('web.error.unauthorizedDetail', { message: error.message }),
    };
  }
  if (error instanceof QuotaExceededApiError) {
    return {
      kind: 'quota',
      title: t('web.error.quotaTitle'),
      detail: t('web.error.quotaDetail', {
        message: error.message,
        wait: wait(error.retryAfterSeconds),
      }),
    };
  }
  if (error instanceof RateLimitedApiError) {
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
      const when =
        error.retryAfterSeconds === undefined
          ? t('web.error.shortly')
          : t('web.error.inWait', { wait: wait(error.retryAfterSeconds) });
      return {
        kind: 'unavailable',
        title: t('web.error.unavailableTitle', { code: error.code }),
        detail: t('web.error.unavailableDetail', { message: error.message, wait: when }),
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
  return t(direction === 'ascending' ? 'web.sort.ascending' : 'web.sort.descending');
}

/** Longest part of a bad id a message repeats: a link can carry kilobytes. */
const QUOTED_ID_LENGTH = 80;

/** What the page says when a `#model=` link names something that is not a model id. */
export function badModelLinkMessage(model: string): UserMessage {
  const quoted = model.length > QUOTED_ID_LENGTH ? `${model.slice(0, QUOTED_ID_LENGTH)}…` : model;
  return {
    kind: 'invalid',
    title: t('web.badLink.title'),
    detail: t('web.badLink.detail', { id: quoted }),
  };
}

/** What the page says when the model field holds no model id. */
export function invalidModelIdMessage(): UserMessage {
  return {
    kind: 'invalid',
    title: t('web.invalidModelId.title'),
    detail: t('web.invalidModelId.detail'),
  };
}

/** What the page says when certifying needs a token and there is none. */
export function tokenRequiredMessage(): UserMessage {
  return {
    kind: 'unauthorized',
    title: t('web.tokenRequired.title'),
    detail: t('web.tokenRequired.detail'),
  };
}

/** The progress bar's spoken value while probes run: "0 of 6 probes finished, 6 running". */
export function progressValueText(finished: number, total: number, running: number): string {
  return t('web.progress.valueTextRunning', {
    done: count(finished),
    total: count(total),
    running: count(running),
  });
}

/** The count of each answered outcome, in the order the status line lists them. */
const OUTCOME_COUNTS: readonly (readonly [BatchOutcome, PluralKeys])[] = [
  ['certified', { one: 'web.count.certified.one', other: 'web.count.certified.other' }],
  ['failed', { one: 'web.count.failed.one', other: 'web.count.failed.other' }],
  ['unavailable', { one: 'web.count.unavailable.one', other: 'web.count.unavailable.other' }],
  ['cached', { one: 'web.count.cached.one', other: 'web.count.cached.other' }],
  ['error', { one: 'web.count.error.one', other: 'web.count.error.other' }],
];

/**
 * "3 certified, 1 failed": the answered outcomes with a count, in a fixed order; `errors` says
 * which could not be certified and why.
 */
function answeredList(counts: BatchCounts, errors = ''): string {
  return OUTCOME_COUNTS.filter(([outcome]) => counts[outcome] > 0)
    .map(([outcome, keys]) => {
      const text = plural(counts[outcome], keys);
      return outcome === 'error' && errors ? `${text} (${errors})` : text;
    })
    .join(', ');
}

function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** "12 of 37 finished (10 certified, 2 failed)": the items answered so far. */
function finishedPart(counts: BatchCounts): string {
  const answered = answeredList(counts);
  const params = { answered: count(counts.answered), total: count(counts.total) };
  return answered
    ? t('web.batch.finishedList', { ...params, list: answered })
    : t('web.batch.finished', params);
}

/** What an item certifies: its id, and the Region when the page named one. */
function itemName(item: BatchItem): string {
  return item.region === undefined
    ? item.target
    : t('web.batch.itemIn', { target: item.target, region: item.region });
}

/** "us.x: Service unavailable; y: Not signed in" for the items that could not be certified. */
function errorReasons(state: BatchState): string {
  return state.items
    .filter((item) => item.outcome === 'error')
    .map((item) => `${itemName(item)}: ${item.reason ?? t('web.batch.unknownError')}`)
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
          ? t('web.batch.certifyingOneProgress', {
              name: itemName(one),
              current: count(one.progress.current),
              total: count(one.progress.total),
            })
          : t('web.batch.certifyingOne', { name: itemName(one) });
      if (counts.queued === counts.total)
        return t('web.batch.certifyingMany', { count: count(counts.total) });
      const eta = batchEtaMs(state, now);
      return [
        t('web.batch.certifyingManyProgress', {
          count: count(counts.total),
          finished: finishedPart(counts),
        }),
        t('web.batch.running', { count: count(counts.running) }),
        ...(counts.waiting > 0 ? [t('web.batch.waiting', { count: count(counts.waiting) })] : []),
        ...(counts.queued > 0 ? [t('web.batch.queued', { count: count(counts.queued) })] : []),
        ...(eta === undefined ? [] : [t('web.batch.eta', { wait: wait(eta / 1000) })]),
      ].join(' · ');
    }
    case 'waiting': {
      const left = wait(secondsUntil(nextStartAt(state) ?? now, now));
      if (one) return t('web.batch.waitingOne', { name: itemName(one), wait: left });
      return [
        t('web.batch.waitingMany', { wait: left }),
        finishedPart(counts),
        t('web.batch.toGo', { count: count(counts.queued + counts.waiting) }),
      ].join(' · ');
    }
    case 'stopping':
      return t('web.batch.stopping');
    case 'ended':
      return endedText(state, counts);
  }
}

function endedText(state: BatchState, counts: BatchCounts): string {
  const notStarted = (value: number): string =>
    value > 0
      ? plural(value, { one: 'web.batch.notStarted.one', other: 'web.batch.notStarted.other' })
      : '';
  const sentences = (...parts: string[]): string => parts.filter((part) => part !== '').join(' ');
  if (state.stoppedAt !== undefined) {
    // What Stop really did: it closes the batch's stream, and the service is not told that the
    // page left. Runs already started finish, are cached and count toward the month's usage;
    // items the service had but not yet started may still run.
    const pending = state.items.filter((item) => item.outcome === 'not-run' && item.sent).length;
    const background =
      counts.detached > 0
        ? plural(counts.detached, {
            one: 'web.batch.detached.one',
            other: 'web.batch.detached.other',
          })
        : pending === 0
          ? t('web.batch.nothingRunning')
          : '';
    return sentences(
      t('web.batch.stopped', { finished: finishedPart(counts) }),
      background,
      pending > 0
        ? plural(pending, { one: 'web.batch.pending.one', other: 'web.batch.pending.other' })
        : '',
      notStarted(counts['not-run'] - pending),
    );
  }
  if (state.haltReason !== undefined)
    return sentences(
      t('web.batch.halted', { reason: state.haltReason, finished: finishedPart(counts) }),
      notStarted(counts['not-run']),
    );
  const answered = answeredList(counts, errorReasons(state));
  return sentences(
    t('web.batch.done', { list: answered || t('web.batch.nothingCertified') }),
    notStarted(counts['not-run']),
  );
}

/** A row's marker while (and after) it is in a batch; empty when its badge already says it. */
export function batchRowText(item: BatchItem, now: number): string {
  switch (item.phase) {
    case 'queued':
      return t('web.batch.row.queued');
    case 'running':
      return item.progress
        ? t('web.batch.row.running', {
            current: count(item.progress.current),
            total: count(item.progress.total),
          })
        : t('web.batch.row.starting');
    case 'waiting':
      return t('web.batch.row.waiting', {
        wait: wait(secondsUntil(item.retryAt ?? now, now)),
      });
    case 'finished':
      switch (item.outcome) {
        case 'cached':
          return t('web.batch.row.cached');
        case 'error':
          return t('web.batch.row.error', {
            reason: item.reason ?? t('web.batch.unknownError'),
          });
        case 'detached':
          return t('web.batch.row.detached');
        case 'not-run':
          return item.sent ? t('web.batch.row.pending') : t('web.batch.row.notStarted');
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
  return t('web.batch.waitAnnouncement', {
    wait: wait(secondsUntil(nextStartAt(state) ?? now, now)),
  });
}
