// An independent view of a disruption: tcpdump on the router's client-facing
// interface records every connection to the VIP: its SYN, whether the VIP
// answered (SYN-ACK), and whether the server closed it with its FIN after its
// answer (the client asks for `Connection: close`). A connection without both
// failed: never answered, or its server died mid-way (nothing, a RST, or the
// FIN a dying server's kernel sends without an answer). Times come from the
// router's kernel, not from the probe.

export interface CapturedConnection {
  /** The client's source port: one per connection. */
  readonly port: number;
  /** Epoch ms of the first SYN. */
  readonly synAt: number;
  readonly answered: boolean;
  /**
   * The server closed the connection with its FIN after sending data: the response was complete. A
   * FIN at the server's first sequence number (tcpdump prints sequence numbers relative to the SYN-ACK)
   * closed it without an answer, as a dying server's kernel does.
   */
  readonly finished: boolean;
}

const LINE = /^(\d+\.\d+) IP (\d+\.\d+\.\d+\.\d+)\.(\d+) > (\d+\.\d+\.\d+\.\d+)\.(\d+): Flags \[([^\]]+)\](?:, seq (\d+)(?::(\d+))?)?/;

/**
 * Parses `tcpdump -nn -tt` lines of the SYN, SYN-ACK, FIN and RST packets between clients and the VIP.
 * A connection is a client port and the initial sequence number of its SYN: a SYN again with the same
 * one is a retransmission, with another one a new connection on a reused port (the client's kernel
 * hands a port out again once an aborted connection freed it: seen, 38 of 950 probe connections).
 */
export function parseSynCapture(text: string, vip: string): CapturedConnection[] {
  const conns: { port: number; isn: string; synAt: number; answered: boolean; finished: boolean }[] = [];
  const current = new Map<number, (typeof conns)[number]>();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    const [, ts, src, sport, dst, dport, flags, seq, seqEnd] = m;
    const at = Number(ts) * 1000;
    if (dst === vip && flags === 'S') {
      const port = Number(sport);
      const isn = seq ?? '';
      if (current.get(port)?.isn === isn) continue;
      const c = { port, isn, synAt: at, answered: false, finished: false };
      conns.push(c);
      current.set(port, c);
    } else if (src === vip) {
      const c = current.get(Number(dport));
      if (c && flags === 'S.') c.answered = true;
      // A healthy server ends every exchange with its FIN (the client asks for `Connection: close`),
      // past the bytes of its answer; a server dying mid-way sends nothing, a RST, or (its kernel closing
      // the socket) a FIN at sequence 1, with no answer before it.
      if (c && flags!.includes('F') && Number(seqEnd ?? seq ?? 2) > 1) c.finished = true;
    }
  }
  return conns.map(({ port, synAt, answered, finished }) => ({ port, synAt, answered, finished })).sort((a, b) => a.synAt - b.synAt);
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
