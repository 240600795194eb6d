/**
 * Decodes the byte stream of a streaming Function URL response the way the Function URL
 * front end does: a JSON prelude (status, headers, cookies), 8 NUL bytes, then the body.
 */

/** The HTTP metadata a handler sends before its body. */
export interface HttpPrelude {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
}

const DELIMITER_LENGTH = 8;
/** The prelude is small JSON; anything larger means a handler forgot the delimiter. */
const MAX_PRELUDE_BYTES = 64 * 1024;

/** Incremental decoder: feed chunks, get the prelude once, then body bytes. */
export class PreludeDecoder {
  private buffered = Buffer.alloc(0);
  private prelude?: HttpPrelude;

  constructor(
    private readonly onPrelude: (prelude: HttpPrelude) => void,
    private readonly onBody: (chunk: Buffer) => void,
  ) {}

  /** True once the prelude was decoded. */
  get started(): boolean {
    return this.prelude !== undefined;
  }

  push(chunk: Buffer): void {
    if (this.prelude) {
      if (chunk.length > 0) this.onBody(chunk);
      return;
    }
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const end = findDelimiter(this.buffered);
    if (end < 0) {
      if (this.buffered.length > MAX_PRELUDE_BYTES)
        throw new Error('response prelude too large or missing its delimiter');
      return;
    }
    this.prelude = parsePrelude(this.buffered.subarray(0, end));
    this.onPrelude(this.prelude);
    const rest = this.buffered.subarray(end + DELIMITER_LENGTH);
    this.buffered = Buffer.alloc(0);
    if (rest.length > 0) this.onBody(rest);
  }
}

function findDelimiter(buffer: Buffer): number {
  let run = 0;
  for (let i = 0; i < buffer.length; i += 1) {
    run = buffer[i] === 0 ? run + 1 : 0;
    if (run === DELIMITER_LENGTH) return i - DELIMITER_LENGTH + 1;
  }
  return -1;
}

function parsePrelude(bytes: Buffer): HttpPrelude {
  const raw = JSON.parse(bytes.toString('utf8')) as Partial<HttpPrelude>;
  return {
    statusCode: typeof raw.statusCode === 'number' ? raw.statusCode : 200,
    headers: raw.headers ?? {},
    cookies: raw.cookies ?? [],
  };
}
