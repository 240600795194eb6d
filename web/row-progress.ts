/** Where one item of a batch the page sent stands, for its row or cell. */
export type RowProgress =
  | { state: 'queued' }
  | { state: 'progress'; current: number; total: number }
  | { state: 'failed'; error: unknown }
  /** Not run: the batch was stopped, refused, or out of time. */
  | { state: 'skipped' };

/** The words a row shows next to its badge. */
export function progressText(progress: RowProgress): string {
  switch (progress.state) {
    case 'queued':
      return 'queued';
    case 'progress':
      return `running ${progress.current}/${progress.total}`;
    case 'failed':
      return 'could not certify';
    case 'skipped':
      return 'not run';
  }
}
