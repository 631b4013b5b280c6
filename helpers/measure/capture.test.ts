import { describe, expect, it } from 'vitest';
import { captureFigures, captureFilter, parseSynCapture } from './capture.ts';

// `tcpdump -r capture.pcap -nn -tt` lines (FRR 10.3 router, client 192.168.20.2).
const CAPTURE = `
1795668200.100000 IP 192.168.20.2.40001 > 172.30.0.10.80: Flags [S], seq 1, win 64240, options [mss 1460], length 0
1795668200.100400 IP 172.30.0.10.80 > 192.168.20.2.40001: Flags [S.], seq 9, ack 2, win 65160, length 0
1795668200.102000 IP 172.30.0.10.80 > 192.168.20.2.40001: Flags [F.], seq 200, ack 80, win 508, length 0
1795668200.120000 IP 192.168.20.2.40002 > 172.30.0.10.80: Flags [S], seq 1, win 64240, length 0
1795668200.140000 IP 192.168.20.2.40003 > 172.30.0.10.80: Flags [S], seq 1, win 64240, length 0
1795668200.140300 IP 172.30.0.10.80 > 192.168.20.2.40003: Flags [S.], seq 9, ack 2, win 65160, length 0
1795668201.140000 IP 192.168.20.2.40002 > 172.30.0.10.80: Flags [S], seq 1, win 64240, length 0
1795668203.500000 IP 192.168.20.2.40009 > 172.30.0.10.80: Flags [S], seq 1, win 64240, length 0
1795668203.600000 IP 192.168.20.2.40010 > 172.30.0.10.80: Flags [S], seq 1, win 64240, length 0
1795668203.600300 IP 172.30.0.10.80 > 192.168.20.2.40010: Flags [S.], seq 9, ack 2, win 65160, length 0
1795668203.603000 IP 172.30.0.10.80 > 192.168.20.2.40010: Flags [R.], seq 200, ack 80, win 0, length 0
1795668203.700000 IP 192.168.20.2.40011 > 172.30.0.10.80: Flags [S], seq 1, win 64240, length 0
1795668203.700300 IP 172.30.0.10.80 > 192.168.20.2.40011: Flags [S.], seq 9, ack 2, win 65160, length 0
1795668203.703000 IP 172.30.0.10.80 > 192.168.20.2.40011: Flags [F.], seq 1, ack 57, win 64, length 0
1795668203.800000 IP 192.168.20.2.40012 > 172.30.0.10.80: Flags [S], seq 1, win 64240, length 0
1795668203.800300 IP 172.30.0.10.80 > 192.168.20.2.40012: Flags [S.], seq 9, ack 2, win 65160, length 0
1795668203.803000 IP 172.30.0.10.80 > 192.168.20.2.40012: Flags [FP.], seq 1:251, ack 57, win 64, length 250
reading from file /tmp/lab-capture.pcap, link-type EN10MB (Ethernet), snapshot length 262144
`;

describe('parseSynCapture', () => {
  it('follows each connection by client port: first SYN, SYN-ACK, server FIN', () => {
    expect(parseSynCapture(CAPTURE, '172.30.0.10')).toEqual([
      { port: 40001, synAt: 1795668200100, answered: true, finished: true },
      { port: 40002, synAt: 1795668200120, answered: false, finished: false },
      { port: 40003, synAt: 1795668200140, answered: true, finished: false },
      { port: 40009, synAt: 1795668203500, answered: false, finished: false },
      { port: 40010, synAt: 1795668203600, answered: true, finished: false },
      { port: 40011, synAt: 1795668203700, answered: true, finished: false },
      { port: 40012, synAt: 1795668203800, answered: true, finished: true },
    ]);
  });

  it('tells a new connection on a reused port from a retransmitted SYN by its initial sequence number', () => {
    const reused = `
1795668200.100000 IP 192.168.20.2.40001 > 172.30.0.10.80: Flags [S], seq 1111, win 64240, length 0
1795668201.100000 IP 192.168.20.2.40001 > 172.30.0.10.80: Flags [S], seq 1111, win 64240, length 0
1795668202.000000 IP 192.168.20.2.40001 > 172.30.0.10.80: Flags [S], seq 2222, win 64240, length 0
1795668202.000300 IP 172.30.0.10.80 > 192.168.20.2.40001: Flags [S.], seq 9, ack 2223, win 65160, length 0
1795668202.003000 IP 172.30.0.10.80 > 192.168.20.2.40001: Flags [F.], seq 251, ack 57, win 64, length 0
`;
    expect(parseSynCapture(reused, '172.30.0.10')).toEqual([
      { port: 40001, synAt: 1795668200100, answered: false, finished: false },
      { port: 40001, synAt: 1795668202000, answered: true, finished: true },
    ]);
  });

  it('tells a FIN after the answer from one without (a dying server\'s kernel closing the socket at sequence 1)', () => {
    const conns = parseSynCapture(CAPTURE, '172.30.0.10');
    expect(conns.find((c) => c.port === 40011)?.finished, 'FIN at seq 1: closed without an answer').toBe(false);
    expect(conns.find((c) => c.port === 40012)?.finished, 'FIN with the answer, seq 1:251').toBe(true);
  });
});

describe('captureFigures', () => {
  it('counts never-answered and never-finished connections, up to a cut-off', () => {
    const conns = parseSynCapture(CAPTURE, '172.30.0.10');
    expect(captureFigures(conns, 1795668203000)).toEqual({
      connections: 3,
      unanswered: 2,
      firstUnansweredAt: 1795668200120,
      lastUnansweredAt: 1795668200140,
      windowMs: 20,
    });
  });

  it('has no window when every connection completed', () => {
    expect(captureFigures(parseSynCapture(CAPTURE, '172.30.0.10').slice(0, 1), Infinity)).toEqual({ connections: 1, unanswered: 0 });
  });

  it("asks tcpdump for the connection's SYN, FIN and RST packets only", () => {
    expect(captureFilter('172.30.0.10', 80)).toBe('host 172.30.0.10 and tcp port 80 and (tcp[tcpflags] & (tcp-syn|tcp-fin|tcp-rst) != 0)');
  });
});
