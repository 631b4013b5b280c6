// What the lab should look like, compared with readings parsed from a real lab's recorded outputs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import spec from '../../fixtures/reference-lab.ts';
import { parseFrrBgpRoute, parseFrrBgpSummary, parseFrrFibRoute } from '../routers/frr/parse.ts';
import { parseIpRouteJson } from '../bgp/kernel-parse.ts';
import type { BgpNeighbor } from '../bgp/model.ts';
import {
  activeNextHops, actualVipPaths, expectedGroups, expectedNextHopsByCluster, expectedRouterNeighbors, expectedVipPaths,
  formatGroups, groupByCluster, neighborLines, pathLines, sameGroups,
} from './expectations.ts';
import type { LabState } from './state.ts';
import { resolveLab } from './resolve.ts';

const VIP = '172.30.0.10/32';
const BOTH = ['kind01', 'kind02'];

function node(name: string, address: string) {
  return { name, address, container: { name: `anycast-${name}`, id: `id-${name}` } };
}

// Nodes deliberately not in address order: the expectations must sort.
const state = {
  lab: await resolveLab(spec),
  clusters: [
    { name: 'kind01', nodes: [node('kind01-worker', '10.20.0.3'), node('kind01-control-plane', '10.20.0.2')] },
    { name: 'kind02', nodes: [node('kind02-control-plane', '172.20.0.2'), node('kind02-worker', '172.20.0.3')] },
  ],
} as unknown as LabState;

function recorded(version: string, file: string): string {
  return readFileSync(`fixtures/recorded/${version}/${file}`, 'utf8');
}

/** The recorded `show bgp ipv4 unicast <vip> json`, edited, then parsed as the lab would. */
function editedVipRoute(version: string, edit: (paths: Record<string, unknown>[]) => Record<string, unknown>[]) {
  const doc = JSON.parse(recorded(version, 'bgp-vip.json')) as { paths: Record<string, unknown>[] };
  doc.paths = edit(doc.paths);
  return parseFrrBgpRoute(JSON.stringify(doc), VIP);
}
const nextHopOf = (p: Record<string, unknown>) => (p['nexthops'] as { ip: string }[])[0]!.ip;

describe('next hops by cluster', () => {
  it('expects every node address of the chosen clusters, sorted', () => {
    expect(expectedNextHopsByCluster(state)).toStrictEqual({ kind01: ['10.20.0.2', '10.20.0.3'], kind02: ['172.20.0.2', '172.20.0.3'] });
    expect(expectedNextHopsByCluster(state, ['kind02'])).toStrictEqual({ kind02: ['172.20.0.2', '172.20.0.3'] });
  });

  it('groups addresses by owning cluster, unknown ones under "(no cluster)"', () => {
    expect(groupByCluster(state, ['172.20.0.3', '10.20.0.3', '192.0.2.9', '10.20.0.2'])).toStrictEqual({
      kind01: ['10.20.0.2', '10.20.0.3'],
      kind02: ['172.20.0.3'],
      '(no cluster)': ['192.0.2.9'],
    });
  });

  it('keeps a cluster with no next hop as an empty list, and adds no "(no cluster)" key when all are known', () => {
    const groups = groupByCluster(state, ['172.20.0.3', '172.20.0.2']);
    expect(groups).toStrictEqual({ kind01: [], kind02: ['172.20.0.2', '172.20.0.3'] });
    expect(Object.keys(groups)).toEqual(['kind01', 'kind02']);
    expect(groupByCluster(state, [])).toStrictEqual({ kind01: [], kind02: [] });
  });

  it('expects only the survivors, with the deleted cluster present and empty', () => {
    expect(expectedGroups(state, ['kind02'])).toStrictEqual({ kind01: [], kind02: ['172.20.0.2', '172.20.0.3'] });
    expect(expectedGroups(state, BOTH)).toStrictEqual({ kind01: ['10.20.0.2', '10.20.0.3'], kind02: ['172.20.0.2', '172.20.0.3'] });
    expect(expectedGroups(state, [])).toStrictEqual({ kind01: [], kind02: [] });
  });

  it('compares groups regardless of key and address order', () => {
    expect(sameGroups({ kind02: ['172.20.0.3', '172.20.0.2'], kind01: [] }, expectedGroups(state, ['kind02']))).toBe(true);
    expect(sameGroups({ kind01: [], kind02: ['172.20.0.2'] }, expectedGroups(state, ['kind02']))).toBe(false);
    expect(sameGroups({ kind02: ['172.20.0.2', '172.20.0.3'] }, expectedGroups(state, ['kind02']))).toBe(false);
  });

  it('formats groups, showing an empty cluster as (none)', () => {
    expect(formatGroups(expectedGroups(state, ['kind02']))).toBe('kind01: (none); kind02: 172.20.0.2, 172.20.0.3');
  });
});

describe.each(['frr-8.4', 'frr-10.3'])('judging %s recordings', (version) => {
  it("zebra's and the kernel's VIP next hops match the full lab; the survivors' match the survivors", () => {
    const zebra = activeNextHops(parseFrrFibRoute(recorded(version, 'route-vip.json'), VIP));
    const kernel = activeNextHops(parseIpRouteJson(recorded(version, 'ip-route-vip.json'), VIP));
    expect(zebra).toEqual(['10.20.0.2', '10.20.0.3', '172.20.0.2', '172.20.0.3']);
    expect(groupByCluster(state, kernel)).toStrictEqual(expectedGroups(state, BOTH));
    expect(sameGroups(groupByCluster(state, zebra), expectedGroups(state, BOTH))).toBe(true);

    const survivors = activeNextHops(parseFrrFibRoute(recorded(version, 'route-vip-survivors.json'), VIP));
    expect(groupByCluster(state, survivors)).toStrictEqual(expectedGroups(state, ['kind02']));
    expect(sameGroups(groupByCluster(state, survivors), expectedGroups(state, BOTH))).toBe(false);
    expect(activeNextHops(parseFrrFibRoute(recorded(version, 'route-missing.json'), '172.31.255.1/32'))).toEqual([]);
  });

  it('expected VIP paths equal the recorded ones for the full lab', () => {
    const expected = expectedVipPaths(state, BOTH);
    expect(expected).toStrictEqual([
      { nextHop: '10.20.0.2', asPath: '65101', multipath: true, stale: false },
      { nextHop: '10.20.0.3', asPath: '65101', multipath: true, stale: false },
      { nextHop: '172.20.0.2', asPath: '65102', multipath: true, stale: false },
      { nextHop: '172.20.0.3', asPath: '65102', multipath: true, stale: false },
    ]);
    const actual = actualVipPaths(parseFrrBgpRoute(recorded(version, 'bgp-vip.json'), VIP));
    expect(actual).toStrictEqual(expected);
    // The ECMP scenario polls on exactly this comparison.
    expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  });

  it('expected VIP paths for the survivors equal the recorded survivors, and differ from the full lab', () => {
    const actual = actualVipPaths(parseFrrBgpRoute(recorded(version, 'bgp-vip-survivors.json'), VIP));
    expect(actual).toStrictEqual(expectedVipPaths(state, ['kind02']));
    expect(actual).not.toEqual(expectedVipPaths(state, BOTH));
  });

  it('expects a lone path (a one-node survivor) to be best but not multipath, as FRR marks it', () => {
    const oneNode = { ...state, clusters: [state.clusters[0]!, { ...state.clusters[1]!, nodes: [state.clusters[1]!.nodes[0]!] }] } as LabState;
    expect(expectedVipPaths(oneNode, ['kind02'])).toStrictEqual([{ nextHop: '172.20.0.2', asPath: '65102', multipath: false, stale: false }]);
    expect(expectedVipPaths(oneNode, BOTH).every((p) => p.multipath)).toBe(true);
  });

  it('does not take stale paths (graceful restart) for a healthy full lab', () => {
    const stale = parseFrrBgpRoute(recorded(version, 'bgp-vip-stale.json'), VIP);
    expect(actualVipPaths(stale)).not.toEqual(expectedVipPaths(state, BOTH));
    expect(actualVipPaths(stale).filter((p) => p.stale).map((p) => p.nextHop)).toEqual(['10.20.0.2', '10.20.0.3']);
    expect(pathLines(stale).filter((l) => l.endsWith(' stale')).map((l) => l.split(' ')[0])).toEqual(['10.20.0.2', '10.20.0.3']);
  });

  it('differs when a node path is missing', () => {
    const route = editedVipRoute(version, (paths) => paths.filter((p) => nextHopOf(p) !== '172.20.0.3'));
    expect(route.paths).toHaveLength(3);
    const actual = actualVipPaths(route);
    expect(JSON.stringify(actual)).not.toBe(JSON.stringify(expectedVipPaths(state, BOTH)));
    expect(actual).not.toEqual(expectedVipPaths(state, BOTH));
  });

  it('differs when one path is not multipath', () => {
    const route = editedVipRoute(version, (paths) => paths.map((p) => (nextHopOf(p) === '10.20.0.3' ? { ...p, multipath: false } : p)));
    const actual = actualVipPaths(route);
    expect(actual.find((p) => p.nextHop === '10.20.0.3')!.multipath).toBe(false);
    expect(JSON.stringify(actual)).not.toBe(JSON.stringify(expectedVipPaths(state, BOTH)));
  });

  it('differs when FRR reports no multipath at all (no "multipath" key, as without maximum-paths)', () => {
    const route = editedVipRoute(version, (paths) => paths.map(({ multipath: _unused, ...rest }) => rest));
    expect(route.paths.every((p) => !p.multipath)).toBe(true);
    expect(actualVipPaths(route)).not.toEqual(expectedVipPaths(state, BOTH));
  });

  it('differs when a path has the wrong AS path', () => {
    const route = editedVipRoute(version, (paths) =>
      paths.map((p) => (nextHopOf(p) === '172.20.0.2' ? { ...p, aspath: { string: '65102 65102' } } : p)));
    expect(actualVipPaths(route)).not.toEqual(expectedVipPaths(state, BOTH));
  });

  it('expects the router neighbours that the recorded summary has', () => {
    const neighbors = parseFrrBgpSummary(recorded(version, 'bgp-ipv4-unicast-summary.json'));
    const seen = neighbors.map((n) => ({ address: n.address, remoteAs: n.remoteAs })).sort((a, b) => a.address.localeCompare(b.address));
    expect(expectedRouterNeighbors(state).map(({ address, remoteAs }) => ({ address, remoteAs })).sort((a, b) => a.address.localeCompare(b.address)))
      .toStrictEqual(seen);
    expect(expectedRouterNeighbors(state).find((n) => n.address === '172.20.0.3')).toStrictEqual({ address: '172.20.0.3', remoteAs: 65102, cluster: 'kind02' });
  });

  it('formats neighbour lines, with the detail only for sessions not Established', () => {
    expect(neighborLines(parseFrrBgpSummary(recorded(version, 'bgp-ipv4-unicast-summary-peers-down.json')))).toEqual([
      '10.20.0.2 (AS 65101): Connect [NSF passive]',
      '10.20.0.3 (AS 65101): Connect [NSF passive]',
      '172.20.0.2 (AS 65102): Established',
      '172.20.0.3 (AS 65102): Established',
    ]);
  });
});

describe('line formats', () => {
  it('neighborLines sorts, and hides a detail on an Established session', () => {
    const neighbors: BgpNeighbor[] = [
      { address: '172.20.0.2', remoteAs: 65102, state: 'Idle', detail: 'Policy', prefixesReceived: 0 },
      { address: '10.20.0.2', remoteAs: 65101, state: 'Established', detail: 'NSF passive', prefixesReceived: 2 },
      { address: '10.20.0.3', remoteAs: 65101, state: 'Active', prefixesReceived: 0 },
    ];
    expect(neighborLines(neighbors)).toEqual([
      '10.20.0.2 (AS 65101): Established',
      '10.20.0.3 (AS 65101): Active',
      '172.20.0.2 (AS 65102): Idle [Policy]',
    ]);
  });

  it('pathLines shows next hop, AS path and flags, sorted', () => {
    const lines = pathLines(parseFrrBgpRoute(recorded('frr-8.4', 'bgp-vip-stale.json'), VIP));
    expect(lines).toEqual([
      '10.20.0.2 as-path 65101 best multipath stale',
      '10.20.0.3 as-path 65101 multipath stale',
      '172.20.0.2 as-path 65102 multipath',
      '172.20.0.3 as-path 65102 multipath',
    ]);
    expect(pathLines({ prefix: VIP, paths: [{ nextHop: '0.0.0.0', asPath: [], best: true, multipath: false, stale: false }] })).toEqual([
      '0.0.0.0 as-path (empty) best',
    ]);
  });
});
