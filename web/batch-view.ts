/**
 * Shows a batch (web/batch-state.ts) on the page: the status line next to "Certify all" and Stop,
 * each row's marker in the catalog and each cell's in the Region view, and a few announcements.
 * It holds the one {@link BatchState} and redraws everything from it after each event, so no
 * number is kept anywhere else.
 */
import {
  batchPhase,
  createBatch,
  reduceBatch,
  type BatchEvent,
  type BatchItemSpec,
  type BatchPhase,
  type BatchState,
} from './batch-state.js';
import { batchStatusText, batchWaitAnnouncement } from './messages.js';

/** The elements the view draws into. */
export interface BatchElements {
  /** The catalog section: `data-batch` holds the phase (the bar stays in view while it runs). */
  section: HTMLElement;
  status: HTMLElement;
  stop: HTMLButtonElement;
}

/** A view that marks a batch's items in place (the catalog's rows, the Region view's cells). */
export interface BatchMarkers {
  /** Shows `batch`'s items; redraws only what changed. */
  showBatch(batch: BatchState): void;
  /** Redraws the items whose marker counts down (a rate-limit wait). */
  tick(): void;
}

/** The page's batch, drawn into the status line, the catalog rows and the Region view's cells. */
export class BatchView {
  private current: BatchState | undefined;

  constructor(
    private readonly elements: BatchElements,
    private readonly views: readonly BatchMarkers[],
    private readonly announce: (text: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The batch shown (running or ended), if any. */
  get state(): BatchState | undefined {
    return this.current;
  }

  /** Starts showing a new batch of `items`, all queued. */
  start(items: readonly BatchItemSpec[]): BatchState {
    this.current = createBatch(items, this.now());
    this.draw(undefined);
    this.announce(this.elements.status.textContent);
    return this.current;
  }

  /** Applies one event and redraws. */
  dispatch(event: BatchEvent): BatchState | undefined {
    if (!this.current) return undefined;
    const before = batchPhase(this.current);
    const next = reduceBatch(this.current, event);
    if (next === this.current) return next;
    this.current = next;
    this.draw(before);
    return next;
  }

  /** Redraws the status line in the page's language now (a language switch); announces nothing. */
  redraw(): void {
    if (!this.current) return;
    this.elements.status.textContent = batchStatusText(this.current, this.now());
  }

  /** Redraws the status line while it counts down (a rate-limit wait) or estimates time left. */
  tick(): void {
    const phase = this.current ? batchPhase(this.current) : 'ended';
    if (phase === 'ended') return;
    this.draw(phase);
    for (const view of this.views) view.tick();
  }

  private draw(before: BatchPhase | undefined): void {
    const state = this.current;
    if (!state) return;
    const now = this.now();
    const phase = batchPhase(state);
    const { section, status, stop } = this.elements;
    status.textContent = batchStatusText(state, now);
    section.dataset.batch = phase;
    stop.hidden = phase === 'ended';
    for (const view of this.views) view.showBatch(state);
    if (phase === before) return;
    // Said once per change of phase, not on every count: the line itself is not live.
    if (phase === 'waiting') this.announce(batchWaitAnnouncement(state, now));
    else if (phase === 'ended') this.announce(status.textContent);
  }
}
