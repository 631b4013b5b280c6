// GoBGP's count of one session's messages, recorded in a live lab (GoBGP 3.36, kind01-worker's session
// with the router, scripts/record-outputs.sh): the router's own count of the UPDATEs it read from that
// node was the same, 4 (FRR's messageStats.updatesRecv).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGobgpUpdatesSent } from './gobgp-counters.ts';

describe('parseGobgpUpdatesSent', () => {
  it('reads the UPDATEs sent on the session', () => {
    expect(parseGobgpUpdatesSent(readFileSync('fixtures/recorded/frr-10.3/gobgp-neighbor-router.json', 'utf8'), '10.20.0.101')).toBe(4);
  });

  it('is 0 when GoBGP leaves the counter out (none sent yet)', () => {
    expect(parseGobgpUpdatesSent('{"state":{"messages":{"sent":{"open":1}}}}', '10.20.0.101')).toBe(0);
  });

  it('names the command when the output is not a neighbour', () => {
    expect(() => parseGobgpUpdatesSent('rpc error: code = Unavailable', '10.20.0.101')).toThrow('gobgp neighbor 10.20.0.101 -j: not JSON');
    expect(() => parseGobgpUpdatesSent('{"conf":{}}', '10.20.0.101')).toThrow('gobgp neighbor 10.20.0.101 -j: no "state"');
  });
});
