/**
 * One plain-text port that speaks HTTP/1.1 and HTTP/2. The Bedrock Runtime client's default
 * handler is `NodeHttp2Handler`, which talks HTTP/2 with prior knowledge to an `http://`
 * endpoint, while curl and `NodeHttpHandler` talk HTTP/1.1. Node's plain-text HTTP/2 server
 * cannot fall back to HTTP/1.1 (that needs TLS and ALPN), so the first bytes of each
 * connection decide: the HTTP/2 connection preface goes to an HTTP/2 server, anything else
 * to an HTTP/1.1 server. Both share one request handler.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';

/** A request of either protocol. */
export type AnyRequest = IncomingMessage | Http2ServerRequest;
/** A response of either protocol. */
export type AnyResponse = ServerResponse | Http2ServerResponse;

const HTTP2_PREFACE = 'PRI * HTTP/2.0';

/**
 * Replays the bytes already read from a socket, then the rest of it. Node's HTTP/2 session
 * reads a net.Socket's handle directly and would miss bytes put back with `unshift`, but it
 * accepts any Duplex.
 */
class ReplayedSocket extends Duplex {
  constructor(
    private readonly socket: Socket,
    head: Buffer,
  ) {
    super();
    this.push(head);
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('close', () => this.destroy());
    socket.on('error', (error) => this.destroy(error));
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.socket.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}

/** A listening-ready server plus the raw sockets it holds, so they can be destroyed on close. */
export interface DualProtocolServer {
  server: Server;
  sockets: ReadonlySet<Socket>;
}

/** Creates the front server; call `server.listen` to start it. */
export function createDualProtocolServer(
  handler: (request: AnyRequest, response: AnyResponse) => void,
): DualProtocolServer {
  const http1 = createHttpServer((request, response) => handler(request, response));
  const http2 = createHttp2Server((request, response) => handler(request, response));
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = Buffer.alloc(0);
    const sniff = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const seen = head.subarray(0, HTTP2_PREFACE.length).toString('latin1');
      // Wait for more bytes while what arrived could still be the start of the preface.
      if (seen.length < HTTP2_PREFACE.length && HTTP2_PREFACE.startsWith(seen)) return;
      socket.off('data', sniff);
      socket.pause();
      if (seen === HTTP2_PREFACE) {
        http2.emit('connection', new ReplayedSocket(socket, head));
      } else {
        socket.unshift(head);
        http1.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', sniff);
  });
  return { server, sockets };
}
