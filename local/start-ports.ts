/**
 * The two fixed ports of `npm start`, bound before anything else: the Function URL's (`PORT`,
 * default 3000) and the token issuer's (`ISSUER_PORT`, default `PORT + 1`). A port it cannot
 * bind is one line naming the port and the variable to change, before `.local/` is touched: the
 * issuer key file holds the issuer URL every token of a running stack carries.
 */
import { defaultIssuerPort } from './jwt-issuer.js';
import { PortUnavailableError, ReservedPort } from './reserved-port.js';

/** A port `npm start` cannot bind; the message is the one line it prints. */
export class StartPortError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StartPortError';
  }
}

/** The bound ports, for `startLocalStack`'s `port` and `issuerPort`. */
export interface StartPorts {
  port: ReservedPort;
  issuerPort: ReservedPort;
}

/**
 * Binds the ports `npm start` serves on: `port` (`PORT`) and the issuer's (`ISSUER_PORT`, else
 * `PORT + 1`; any free one when `port` is 0). Rejects with {@link StartPortError}.
 */
export async function reserveStartPortsFor(
  port: number,
  env: Readonly<Record<string, string | undefined>>,
): Promise<StartPorts> {
  const issuerPort = port === 0 ? 0 : defaultIssuerPort(env);
  const issuerPortVariable =
    issuerPort !== 0 && issuerPort === Number(env.ISSUER_PORT) ? 'ISSUER_PORT' : 'PORT';
  return reserveStartPorts({ port, issuerPort, issuerPortVariable });
}

/** What to reserve: the two ports, and whether the issuer's came from `ISSUER_PORT` or from `PORT + 1`. */
export interface StartPortsRequest {
  port: number;
  issuerPort: number;
  issuerPortVariable: 'ISSUER_PORT' | 'PORT';
  host?: string;
}

/** Suggested ports are this far apart, so the suggestion is easy to read: 3000 → 3100. */
const SUGGESTION_STEP = 100;
/** How many candidates are probed for a suggestion before giving up on one. */
const SUGGESTION_TRIES = 20;
/** Below this a port needs privileges; suggestions start from the usual 3000 instead. */
const FIRST_UNPRIVILEGED_PORT = 1024;

/**
 * Binds both ports, the Function URL's first. Rejects with {@link StartPortError} naming the
 * port, the variable to change and a pair that is free now; nothing stays bound then.
 */
export async function reserveStartPorts(request: StartPortsRequest): Promise<StartPorts> {
  const { port, issuerPort, issuerPortVariable, host = '127.0.0.1' } = request;
  if (port !== 0 && port === issuerPort) {
    throw new StartPortError(
      `PORT and ISSUER_PORT are both ${port}. Set ISSUER_PORT to another port, or leave it unset for PORT + 1.`,
    );
  }
  // Moving PORT moves the issuer too (PORT + 1), unless ISSUER_PORT pins it.
  const portSpan = issuerPortVariable === 'PORT' ? 2 : 1;
  const reservedPort = await reserve(port, host, async (error) =>
    describe(error, 'PORT', await suggest(port, portSpan, host, [issuerPort])),
  );
  try {
    const reservedIssuerPort = await reserve(issuerPort, host, async (error) =>
      issuerPortVariable === 'PORT'
        ? describe(error, 'PORT', await suggest(port, 2, host), 'the token issuer, PORT + 1')
        : describe(
            error,
            'ISSUER_PORT',
            await suggest(issuerPort, 1, host, [port]),
            'the token issuer, ISSUER_PORT',
          ),
    );
    return { port: reservedPort, issuerPort: reservedIssuerPort };
  } catch (error) {
    await reservedPort.release();
    throw error;
  }
}

async function reserve(
  port: number,
  host: string,
  explain: (error: PortUnavailableError) => Promise<string>,
): Promise<ReservedPort> {
  try {
    return await ReservedPort.bind(port, host);
  } catch (error) {
    if (!(error instanceof PortUnavailableError)) throw error;
    throw new StartPortError(await explain(error), { cause: error });
  }
}

function describe(
  error: PortUnavailableError,
  variable: string,
  suggestion: number | undefined,
  whose?: string,
): string {
  const port = whose ? `Port ${error.port} (${whose})` : `Port ${error.port}`;
  const problem =
    error.code === 'EADDRINUSE'
      ? 'is in use (another npm start?)'
      : error.code === 'EACCES'
        ? 'needs privileges this process lacks'
        : `cannot be opened (${error.code})`;
  const example = suggestion === undefined ? '' : `, e.g. ${variable}=${suggestion} npm start`;
  return `${port} ${problem}. Set ${variable} to another port${example}.`;
}

/**
 * The first of `base + 100`, `base + 200`, ... whose `span` consecutive ports are free now (and
 * not in `avoid`), or `undefined` when none of the first few is.
 */
async function suggest(
  base: number,
  span: number,
  host: string,
  avoid: readonly number[] = [],
): Promise<number | undefined> {
  const start = base < FIRST_UNPRIVILEGED_PORT ? 3000 : base + SUGGESTION_STEP;
  for (let i = 0; i < SUGGESTION_TRIES; i++) {
    const candidate = start + i * SUGGESTION_STEP;
    if (candidate + span - 1 > 65_535) return undefined;
    const ports = Array.from({ length: span }, (_, offset) => candidate + offset);
    if (ports.some((port) => avoid.includes(port))) continue;
    if (await allFree(ports, host)) return candidate;
  }
  return undefined;
}

async function allFree(ports: readonly number[], host: string): Promise<boolean> {
  const bound: ReservedPort[] = [];
  try {
    for (const port of ports) bound.push(await ReservedPort.bind(port, host));
    return true;
  } catch {
    return false;
  } finally {
    await Promise.all(bound.map((reservation) => reservation.release()));
  }
}
