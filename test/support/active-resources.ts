/**
 * The process's active libuv resources by type (`Timeout`, `TCPSocketWrap`, `TCPServerWrap`,
 * ...), from `process.getActiveResourcesInfo()`. Tests compare snapshots before and after a
 * load to show that nothing (timers, sockets) is left behind per request.
 */
export function activeResourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}
