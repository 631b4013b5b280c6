// An independent view of a disruption: tcpdump on the router's client-facing
// interface records every connection to the VIP: its SYN, whether the VIP
// answered (SYN-ACK), and whether the server closed it with its FIN (the
// client asks for `Connection: close`). A connection without both failed:
// never answered, or its server died mid-way (nothing, or a RST). Times come
// from the router's kernel, not from the probe.

export interface CapturedConnection {
  /** The client's source port: one per connection. */
  readonly port: number;
  /** Epoch ms of the first SYN. */
  readonly synAt: number;
  readonly answered: boolean;
  /** The server closed the connection with its FIN: the response was complete. */
  readonly finished: boolean;
}

const LINE = /^(\d+\.\d+) IP (\d+\.\d+\.\d+\.\d+)\.(\d+) > (\d+\.\d+\.\d+\.\d+)\.(\d+): Flags \[([^\]]+)\]/;

/** Parses `tcpdump -nn -tt` lines of the SYN, SYN-ACK, FIN and RST packets between clients and the VIP. */
export function parseSynCapture(text: string, vip: string): CapturedConnection[] {
  const conns = new Map<number, { synAt: number; answered: boolean; finished: boolean }>();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    const [, ts, src, sport, dst, dport, flags] = m;
    const at = Number(ts) * 1000;
    if (dst === vip && flags === 'S') {
      const port = Number(sport);
      if (!conns.has(port)) conns.set(port, { synAt: at, answered: false, finished: false });
    } else if (src === vip) {
      const c = conns.get(Number(dport));
      if (c && flags === 'S.') c.answered = true;
      // A healthy server ends every exchange with its FIN (the client asks for `Connection: close`);
      // a server dying mid-way sends nothing, or a RST when its sockets are torn down.
      if (c && flags!.includes('F')) c.finished = true;
    }
  }
  return [...conns.entries()].map(([port, c]) => ({ port, ...c })).sort((a, b) => a.synAt - b.synAt);
}

export interface CaptureFigures {
  readonly connections: number;
  /** Connections never answered or never finished by the server. */
  readonly unanswered: number;
  readonly firstUnansweredAt?: number;
  readonly lastUnansweredAt?: number;
  /** First to last failed connection's SYN, ms. */
  readonly windowMs?: number;
}

/**
 * Figures over the connections whose SYN left before `until` (connections
 * still open when the capture stopped cannot be judged).
 */
export function captureFigures(conns: readonly CapturedConnection[], until: number): CaptureFigures {
  const judged = conns.filter((c) => c.synAt < until);
  const failed = judged.filter((c) => !c.answered || !c.finished);
  const first = failed[0];
  const last = failed.at(-1);
  return {
    connections: judged.length,
    unanswered: failed.length,
    ...(first && last ? { firstUnansweredAt: first.synAt, lastUnansweredAt: last.synAt, windowMs: Math.round((last.synAt - first.synAt) * 10) / 10 } : {}),
  };
}

/** tcpdump's filter: SYN, SYN-ACK, FIN and RST packets of connections to the VIP's port. */
export function captureFilter(vip: string, port: number): string {
  return `host ${vip} and tcp port ${port} and (tcp[tcpflags] & (tcp-syn|tcp-fin|tcp-rst) != 0)`;
}
