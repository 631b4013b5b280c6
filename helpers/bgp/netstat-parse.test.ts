// The router kernel's counters, recorded in a live lab's router (FRR 10.3 image, scripts/record-outputs.sh):
// steady, then after a node opened a connection to port 179 without the TCP MD5 password for 3.5 s.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNetstat, tcpMd5Refusals } from './netstat-parse.ts';

const recorded = (file: string) => readFileSync(`fixtures/recorded/frr-10.3/${file}`, 'utf8');

describe('parseNetstat', () => {
  it('reads every group\'s counters by name', () => {
    const counters = parseNetstat(recorded('router-proc-net-netstat.txt'));
    expect(Object.keys(counters).some((k) => k.startsWith('IpExt.'))).toBe(true);
    expect(counters['TcpExt.TCPMD5NotFound']).toBe(0);
    expect(tcpMd5Refusals(counters)).toBe(0);
  });

  it('counts the SYN and its resends the kernel refused for want of the MD5 signature', () => {
    expect(tcpMd5Refusals(parseNetstat(recorded('router-proc-net-netstat-refused.txt')))).toBe(4);
  });

  it('adds a wrong signature (TCPMD5Failure) to a missing one', () => {
    expect(tcpMd5Refusals({ 'TcpExt.TCPMD5NotFound': 2, 'TcpExt.TCPMD5Failure': 3 })).toBe(5);
  });

  it('rejects names and values that do not pair up, quoting them', () => {
    expect(() => parseNetstat('TcpExt: A B\nTcpExt: 1\n')).toThrow('/proc/net/netstat: expected a line of names and a line of values of the same group, got "TcpExt: A B" then "TcpExt: 1"');
  });
});
