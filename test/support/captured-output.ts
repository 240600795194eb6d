/** A writable the CLIs print to, keeping what they wrote (a terminal when `isTTY`). */
export interface CapturedOutput {
  isTTY: boolean;
  columns: number;
  write(chunk: string): boolean;
  readonly text: string;
}

/** Captures what a CLI writes to one of its streams, instead of a terminal or a pipe. */
export function captureOutput(isTTY = false): CapturedOutput {
  let text = '';
  return {
    isTTY,
    columns: 100,
    write: (chunk) => {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}
