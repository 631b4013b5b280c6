// Parser for the kernel's protocol counters, /proc/net/netstat read in a
// container's network namespace: pairs of lines, one naming the counters of a
// group ("TcpExt: SyncookiesSent ... TCPMD5NotFound ..."), the next their values.
// Counters keep every event however briefly it lasted, where a read of state
// has to catch it.

/** Counters as "Group.Name" -> value (e.g. "TcpExt.TCPMD5NotFound"). */
export function parseNetstat(text: string): Record<string, number> {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const counters: Record<string, number> = {};
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [group, ...names] = lines[i]!.split(/\s+/);
    const [valueGroup, ...values] = lines[i + 1]!.split(/\s+/);
    if (!group?.endsWith(':') || group !== valueGroup || names.length !== values.length) {
      throw new Error(`/proc/net/netstat: expected a line of names and a line of values of the same group, got ${JSON.stringify(lines[i])} then ${JSON.stringify(lines[i + 1])}`);
    }
    names.forEach((name, j) => (counters[`${group.slice(0, -1)}.${name}`] = Number(values[j])));
  }
  return counters;
}

/**
 * TCP segments the kernel dropped for their MD5 signature (RFC 2385): none where the listening socket
 * has a key for the sender (TCPMD5NotFound), or one that does not match the key (TCPMD5Failure).
 */
export function tcpMd5Refusals(counters: Readonly<Record<string, number>>): number {
  return (counters['TcpExt.TCPMD5NotFound'] ?? 0) + (counters['TcpExt.TCPMD5Failure'] ?? 0);
}
