// GoBGP JSON parsers against outputs recorded from an emulated node's speaker
// (kind01-worker, AS 65101, peering with the router 10.20.0.101 in AS 65001):
// GoBGP 3.10 (frr-8.4 recording) and GoBGP 3.36 (frr-10.3 recording).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGobgpNeighbors, parseGobgpRib } from './gobgp-parse.ts';
import { normalizeState } from '../../bgp/model.ts';

function recorded(version: string, file: string): string {
  return readFileSync(`fixtures/recorded/${version}/${file}`, 'utf8');
}

describe.each(['frr-8.4', 'frr-10.3'])('GoBGP parsers on %s recordings', (version) => {
  describe('parseGobgpNeighbors', () => {
    it('reads the router as neighbour: 10.20.0.101, AS 65001, Established, IPv4 accepted count', () => {
      // The file's ipv4 unicast afi_safi state says received 6, accepted 4: two come back with the node's own AS.
      // Like FRR's pfxRcd, the model counts the accepted ones.
      expect(parseGobgpNeighbors(recorded(version, 'gobgp-neighbor.json'))).toStrictEqual([
        { address: '10.20.0.101', remoteAs: 65001, state: 'Established', prefixesReceived: 4 },
      ]);
    });

    it('maps the FSM state number, and an absent one to Idle', () => {
      const [neighbor] = JSON.parse(recorded(version, 'gobgp-neighbor.json')) as { state: Record<string, unknown> }[];
      neighbor!.state['session_state'] = 3;
      expect(parseGobgpNeighbors(JSON.stringify([neighbor]))[0]!.state).toBe('Active');
      delete neighbor!.state['session_state'];
      expect(parseGobgpNeighbors(JSON.stringify([neighbor]))[0]!.state).toBe('Idle');
    });
  });

  describe('parseGobgpRib', () => {
    const rib = () => parseGobgpRib(recorded(version, 'gobgp-global-rib.json'));
    const route = (prefix: string) => rib().find((r) => r.prefix === prefix);

    it('lists every prefix of the global RIB, the VIP among them', () => {
      expect(rib().map((r) => r.prefix).sort()).toEqual([
        '10.20.0.0/16', '10.96.113.191/32', '10.96.146.154/32', '172.20.0.0/16', '172.30.0.10/32', '192.168.20.0/24',
      ]);
    });

    it('reads the locally originated VIP: next hop 0.0.0.0, empty AS path, best', () => {
      expect(route('172.30.0.10/32')).toStrictEqual({
        prefix: '172.30.0.10/32',
        paths: [{ nextHop: '0.0.0.0', asPath: [], best: true, multipath: false, stale: false }],
      });
    });

    it('reads learned routes with the AS path the router sent and the router as next hop', () => {
      expect(route('10.96.146.154/32')!.paths).toStrictEqual([
        { nextHop: '10.20.0.101', asPath: [65001, 65102], best: true, multipath: false, stale: false },
      ]);
      expect(route('192.168.20.0/24')!.paths).toStrictEqual([
        { nextHop: '10.20.0.101', asPath: [65001], best: true, multipath: false, stale: false },
      ]);
      expect(route('172.20.0.0/16')!.paths.map((p) => [p.nextHop, p.asPath])).toEqual([['10.20.0.101', [65001]]]);
    });
  });
});

describe('GoBGP parsers on malformed input', () => {
  it('rejects non-JSON, quoting it', () => {
    const text = 'rpc error: code = Unavailable desc = connection refused';
    expect(() => parseGobgpNeighbors(text)).toThrow(`gobgp neighbor -j: not JSON`);
    expect(() => parseGobgpNeighbors(text)).toThrow(text);
    expect(() => parseGobgpRib(text)).toThrow(text);
  });

  it('rejects the wrong JSON shape, quoting it', () => {
    expect(() => parseGobgpNeighbors('{"a":1}')).toThrow('gobgp neighbor -j: expected a JSON list, got {"a":1}');
    expect(() => parseGobgpRib('[]')).toThrow('gobgp global rib -j: expected a JSON object, got []');
  });
});

describe('normalizeState', () => {
  it.each([
    ['Established', 'Established'],
    ['established', 'Established'],
    [6, 'Established'],
    ['BGP_FSM_ESTABLISHED', 'Established'],
    [1, 'Idle'],
    ['idle', 'Idle'],
    [2, 'Connect'],
    [3, 'Active'],
    [4, 'OpenSent'],
    ['BGP_FSM_OPENSENT', 'OpenSent'],
    ['open_confirm', 'OpenConfirm'],
    [5, 'OpenConfirm'],
  ] as const)('%j -> %s', (raw, expected) => {
    expect(normalizeState(raw)).toBe(expected);
  });

  it.each([['Clearing'], ['NSF passive'], [''], [0], [7], [null], [undefined], [{ state: 'Established' }]])('%j -> Unknown', (raw) => {
    expect(normalizeState(raw)).toBe('Unknown');
  });
});
