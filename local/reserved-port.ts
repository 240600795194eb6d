/**
 * Ports bound before anything else happens, then handed to the server that serves them. `npm
 * start` binds its two fixed ports (the Function URL's and the issuer's) first, so a busy port
 * stops it before it touches `.local/`, and no other process can take a port between the check
 * and the server's listen: the server listens on the very socket the check bound.
 */
import net, { type AddressInfo } from 'node:net';

/** Where a local server listens: a port number (0 picks a free one) or a {@link ReservedPort}. */
export type ListenTarget = number | ReservedPort;

/** A port could not be bound; `code` is the errno code (`EADDRINUSE`: another process has it). */
export class PortUnavailableError extends Error {
  readonly code: string;

  constructor(
    readonly port: number,
    cause: NodeJS.ErrnoException,
  ) {
    const code = cause.code ?? 'UNKNOWN';
    super(
      code === 'EADDRINUSE'
        ? `Port ${port} is in use`
        : code === 'EACCES'
          ? `Port ${port} needs privileges this process lacks`
          : `Port ${port} cannot be opened (${code})`,
      { cause },
    );
    this.name = 'PortUnavailableError';
    this.code = code;
  }
}

/** A bound, listening socket that no server serves yet. */
export class ReservedPort {
  private taken = false;

  private constructor(
    private readonly holder: net.Server,
    /** The bound port (the one picked, for a reservation of port 0). */
    readonly port: number,
  ) {}

  /** Binds `port` on `host` now; rejects with {@link PortUnavailableError}. */
  static async bind(port: number, host = '127.0.0.1'): Promise<ReservedPort> {
    const holder = net.createServer();
    await listenOn(holder, port, host);
    return new ReservedPort(holder, (holder.address() as AddressInfo).port);
  }

  /**
   * Makes `server` listen on the reserved socket (node's documented `server.listen(handle)`);
   * the socket is then the server's and closes with it. A reservation is handed over once.
   */
  async handOver(server: net.Server): Promise<void> {
    if (this.taken) throw new Error(`Port ${this.port} was already handed over or released`);
    this.taken = true;
    await new Promise<void>((resolve) => server.listen(this.holder, resolve));
  }

  /** Frees the port if no server took it (a start that failed half-way). */
  async release(): Promise<void> {
    if (this.taken) return;
    this.taken = true;
    await new Promise<void>((resolve) => this.holder.close(() => resolve()));
  }
}

/**
 * Makes `server` listen on `target`: a port number on `host` (default 0, any free port), or a
 * reservation, which is already bound. Rejects with {@link PortUnavailableError}.
 */
export async function listenOn(
  server: net.Server,
  target: ListenTarget | undefined,
  host: string,
): Promise<void> {
  if (target instanceof ReservedPort) return target.handOver(server);
  const port = target ?? 0;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void =>
      reject(new PortUnavailableError(port, error));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
