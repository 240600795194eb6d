/**
 * The state of a batch of certifications started from the page ("Certify all uncertified", a
 * catalog row's Certify, a cell of the Region view): a pure reducer and the numbers derived from
 * it. Every count the page shows about a batch (the status line, each row's or cell's marker,
 * the announcements) comes from one {@link BatchState}, so they cannot disagree.
 *
 * It does not know how items run. Its events are what any runner reports per item; the page's
 * runner is the service's batch route, whose stream tags each item's events with its `modelId`
 * and `region` (its progress, then its own `complete` or `error`), and whose request a rate
 * limit may refuse for a while. DOM-free and clock-free (times come in with the events), so it
 * is tested in Node.
 */

/** How a finished item ended. */
export type BatchOutcome =
  /** A run answered; its certification's status. */
  | 'certified'
  | 'failed'
  | 'unavailable'
  /** Answered from the cache (no run, no cost), whatever the cached status. */
  | 'cached'
  /** It could not be certified (a service error, a lost connection, a rejected token, the quota). */
  | 'error'
  /**
   * The run had started when the page stopped listening: it finishes on the service, and its
   * result is cached (and metered).
   */
  | 'detached'
  /**
   * Not started when the batch was stopped or ended early (or the service ran out of time for
   * it). If its request had gone out ({@link BatchItem.sent}), the service may still run it.
   */
  | 'not-run';

/** Every outcome, in the order the page lists them. */
export const BATCH_OUTCOMES: readonly BatchOutcome[] = [
  'certified',
  'failed',
  'unavailable',
  'cached',
  'error',
  'detached',
  'not-run',
];

/** What a batch is made of: one model in one Region, and where the page shows it. */
export interface BatchItemSpec {
  /** Names the item in events; one item per key. */
  readonly key: string;
  /** The id certified: the entry, or for a profile-only model its profile. */
  readonly target: string;
  /** The row it shows in: the catalog entry's `modelId`. Default: `key`. */
  readonly row?: string;
  /** The Region the page asked for; unset, the service's default Region. */
  readonly region?: string;
}

/** One model of a batch. */
export interface BatchItem extends BatchItemSpec {
  readonly row: string;
  readonly phase: 'queued' | 'running' | 'waiting' | 'finished';
  /**
   * The request carrying it went out and was not refused: the service starts it in its turn.
   * Unset while it waits for the rate limit (the refused request carried nothing).
   */
  readonly sent?: boolean;
  /** Set once finished. */
  readonly outcome?: BatchOutcome;
  /** Probes finished and in the suite, from the item's progress events. */
  readonly progress?: { readonly current: number; readonly total: number };
  /** While waiting: when (epoch ms) the rate limit lets it start. */
  readonly retryAt?: number;
  /** For an `error`: what went wrong, in a few words. */
  readonly reason?: string;
}

/** A batch: its items and when it started, stopped or halted. */
export interface BatchState {
  readonly items: readonly BatchItem[];
  readonly startedAt: number;
  /** When the person pressed Stop. */
  readonly stoppedAt?: number;
  /** Why the batch ended early by itself (the month's quota, a rejected token). */
  readonly haltReason?: string;
}

/** What a runner reports. `key` names the item. */
export type BatchEvent =
  /** The runner knows the item started. */
  | { type: 'running'; key: string }
  /** The request carrying it was sent (again, after a wait): the service starts it in its turn. */
  | { type: 'sent'; key: string }
  /** The item's run reported progress (so it did start on the service). */
  | { type: 'progress'; key: string; current: number; total: number }
  /** The rate limit refused its request; the request goes again at `retryAt`. */
  | { type: 'waiting'; key: string; retryAt: number }
  /** Its certification arrived. */
  | { type: 'complete'; key: string; status: string; cached: boolean }
  /** Its request failed. */
  | { type: 'error'; key: string; reason: string }
  /**
   * The runner gave up on it: never started, or stopped listening to it. A run that had
   * reported progress is `detached` (it finishes on the service); anything else is `not-run`.
   */
  | { type: 'abandoned'; key: string }
  /** The person pressed Stop. */
  | { type: 'stop'; at: number }
  /** The runner stops starting items by itself, for `reason`. */
  | { type: 'halt'; reason: string };

/** The events about one item. */
type ItemEvent = Exclude<BatchEvent, { type: 'stop' } | { type: 'halt' }>;

/** A new batch of `items`, all queued, each key once. */
export function createBatch(items: readonly BatchItemSpec[], startedAt: number): BatchState {
  const seen = new Set<string>();
  const unique = items.filter((item) => !seen.has(item.key) && Boolean(seen.add(item.key)));
  return {
    items: unique.map(({ key, target, row, region }) => ({
      key,
      target,
      row: row ?? key,
      ...(region === undefined ? {} : { region }),
      phase: 'queued',
    })),
    startedAt,
  };
}

/**
 * The item an event of the service's batch stream is about: the one certifying `modelId` in
 * `region`, or in the default Region when the page named none (the stream names it).
 */
export function itemFor(state: BatchState, modelId: string, region: string): BatchItem | undefined {
  return (
    state.items.find((item) => item.target === modelId && item.region === region) ??
    state.items.find((item) => item.target === modelId && item.region === undefined)
  );
}

function outcomeOf(status: string, cached: boolean): BatchOutcome {
  if (cached) return 'cached';
  if (status === 'certified' || status === 'unavailable') return status;
  // `failed`, or a status a newer service adds: either way not certified.
  return 'failed';
}

function finish(outcome: BatchOutcome, reason?: string): Partial<BatchItem> {
  return {
    phase: 'finished',
    outcome,
    retryAt: undefined,
    ...(reason === undefined ? {} : { reason }),
  };
}

/** The item after `event`; an item already finished does not change (its outcome is final). */
function nextItem(item: BatchItem, event: ItemEvent): BatchItem {
  if (item.phase === 'finished') return item;
  let change: Partial<BatchItem>;
  switch (event.type) {
    case 'running':
      change = { phase: 'running', retryAt: undefined, sent: true };
      break;
    case 'sent':
      change =
        item.phase === 'running'
          ? { sent: true }
          : { phase: 'queued', retryAt: undefined, sent: true };
      break;
    case 'progress':
      change = {
        phase: 'running',
        retryAt: undefined,
        sent: true,
        progress: { current: event.current, total: event.total },
      };
      break;
    case 'waiting':
      change = { phase: 'waiting', retryAt: event.retryAt, progress: undefined, sent: false };
      break;
    case 'complete':
      change = finish(outcomeOf(event.status, event.cached));
      break;
    case 'error':
      change = finish('error', event.reason);
      break;
    case 'abandoned':
      change = finish(
        item.phase === 'running' && item.progress !== undefined ? 'detached' : 'not-run',
      );
      break;
  }
  return { ...item, ...change };
}

/** The batch after `event`. Pure: `state` is not changed, and unchanged items keep their identity. */
export function reduceBatch(state: BatchState, event: BatchEvent): BatchState {
  if (event.type === 'stop')
    return state.stoppedAt === undefined ? { ...state, stoppedAt: event.at } : state;
  if (event.type === 'halt')
    return state.haltReason === undefined ? { ...state, haltReason: event.reason } : state;
  const index = state.items.findIndex((item) => item.key === event.key);
  const item = state.items[index];
  if (item === undefined) return state;
  const next = nextItem(item, event);
  if (next === item) return state;
  const items = [...state.items];
  items[index] = next;
  return { ...state, items };
}

/** How many items are in each phase and, once finished, in each outcome. */
export interface BatchCounts extends Record<BatchOutcome, number> {
  total: number;
  queued: number;
  running: number;
  waiting: number;
  finished: number;
  /** Finished with an answer: certified, failed, unavailable, cached or error (not let go by Stop). */
  answered: number;
}

/** The counts every number on screen is taken from. */
export function batchCounts(state: BatchState): BatchCounts {
  const counts: BatchCounts = {
    total: state.items.length,
    queued: 0,
    running: 0,
    waiting: 0,
    finished: 0,
    answered: 0,
    certified: 0,
    failed: 0,
    unavailable: 0,
    cached: 0,
    error: 0,
    detached: 0,
    'not-run': 0,
  };
  for (const item of state.items) {
    counts[item.phase] += 1;
    if (item.outcome !== undefined) counts[item.outcome] += 1;
  }
  counts.answered = counts.finished - counts.detached - counts['not-run'];
  return counts;
}

/**
 * Where the batch is: `running` (something runs), `waiting` (nothing runs, the rate limit holds
 * the next item), `stopping` (Stop was pressed, items are still being let go), `ended`.
 */
export type BatchPhase = 'running' | 'waiting' | 'stopping' | 'ended';

/** The batch's phase. */
export function batchPhase(state: BatchState): BatchPhase {
  const counts = batchCounts(state);
  if (counts.finished === counts.total) return 'ended';
  if (state.stoppedAt !== undefined) return 'stopping';
  if (counts.running === 0 && counts.waiting > 0) return 'waiting';
  return 'running';
}

/** When (epoch ms) the first waiting item may start, if one waits. */
export function nextStartAt(state: BatchState): number | undefined {
  const waits = state.items.flatMap((item) =>
    item.phase === 'waiting' && item.retryAt !== undefined ? [item.retryAt] : [],
  );
  return waits.length > 0 ? Math.min(...waits) : undefined;
}

/**
 * Time left, estimated from the items finished so far: the batch's pace (elapsed time per
 * answered item, waits and concurrency included) times the items left. `undefined` until an item
 * was answered, and once none is left.
 */
export function batchEtaMs(state: BatchState, now: number): number | undefined {
  const counts = batchCounts(state);
  const { answered } = counts;
  const left = counts.queued + counts.running + counts.waiting;
  if (answered === 0 || left === 0 || state.stoppedAt !== undefined) return undefined;
  return Math.round(((now - state.startedAt) / answered) * left);
}
