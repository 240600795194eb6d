/**
 * A reader that stops early (`npm run -s certify -- --list | head`) closes the pipe, and node
 * then reports EPIPE as an uncaught error with its stack trace. Unix tools stop quietly instead,
 * with the status a shell gives a process ended by SIGPIPE (or the run's own, if it was over).
 */
export function exitQuietlyOnClosedPipe(streams: readonly NodeJS.WriteStream[]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 128 + 13);
    });
  }
}
