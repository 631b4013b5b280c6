// What the lab should look like, compared with readings parsed from a real lab's recorded outputs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import spec from '../../fixtures/reference-lab.ts';
import { parseFrrBgpRoute, parseFrrBgpSummary, parseFrrFibRoute } from '../routers/frr/parse.ts';
import { parseIpRouteJson } from '../bgp/kernel-parse.ts';
import type { BgpNeighbor } from '../bgp/model.ts';
import { activeNextHops, actualVipPaths, expectationsOf, formatGroups, groupByCluster, neighborLines, pathLines, sameGroups } from './expectations.ts';
import type { PredictedBgp } from './advertised-routes.ts';
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

const ASN: Record<string, number> = { kind01: 65101, kind02: 65102 };

/**
 * The reference lab's prediction for the given clusters: every node peers and announces the VIP
 * (what the emulated provider predicts for the golden manifests, checked against recorded FRR tables
 * in providers/emulated/fidelity.test.ts). `announcing` narrows who announces it, as
 * externalTrafficPolicy Local would.
 */
function predicted(clusters: readonly string[], announcing?: readonly string[]): PredictedBgp {
  const nodes = state.clusters.filter((c) => clusters.includes(c.name)).flatMap((c) => c.nodes.map((n) => ({ address: n.address, asn: ASN[c.name]! })));
  return {
    sessions: nodes.map((n) => ({ neighbor: n.address, remoteAs: n.asn })),
    routes: nodes.filter((n) => !announcing || announcing.includes(n.address))
      .map((n) => ({ prefix: VIP, neighbor: n.address, asPath: [n.asn], origin: 'igp' as const, nextHop: n.address })),
  };
}
const expected = (clusters: readonly string[], announcing?: readonly string[]) => expectationsOf(state, predicted(clusters, announcing));

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
  it('expects the announcing nodes of the chosen clusters, sorted, every cluster keyed', () => {
    expect(expected(BOTH).vipGroups).toStrictEqual({ kind01: ['10.20.0.2', '10.20.0.3'], kind02: ['172.20.0.2', '172.20.0.3'] });
    expect(expected(BOTH).vipNextHops).toStrictEqual(['10.20.0.2', '10.20.0.3', '172.20.0.2', '172.20.0.3']);
    expect(expected(['kind02']).vipGroups).toStrictEqual({ kind01: [], kind02: ['172.20.0.2', '172.20.0.3'] });
  });

  it('follows the prediction: a node that peers but does not announce the VIP (eTP Local, no local endpoint) is not a next hop', () => {
    const local = expected(BOTH, ['10.20.0.3', '172.20.0.2']);
    expect(local.vipGroups).toStrictEqual({ kind01: ['10.20.0.3'], kind02: ['172.20.0.2'] });
    expect(local.sessionLines).toHaveLength(4);
    expect(local.vipPaths.map((p) => p.nextHop)).toEqual(['10.20.0.3', '172.20.0.2']);
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
    expect(expected(['kind02']).vipGroups).toStrictEqual({ kind01: [], kind02: ['172.20.0.2', '172.20.0.3'] });
    expect(expected([]).vipGroups).toStrictEqual({ kind01: [], kind02: [] });
  });

  it('compares groups regardless of key and address order', () => {
    expect(sameGroups({ kind02: ['172.20.0.3', '172.20.0.2'], kind01: [] }, expected(['kind02']).vipGroups)).toBe(true);
    expect(sameGroups({ kind01: [], kind02: ['172.20.0.2'] }, expected(['kind02']).vipGroups)).toBe(false);
    expect(sameGroups({ kind02: ['172.20.0.2', '172.20.0.3'] }, expected(['kind02']).vipGroups)).toBe(false);
  });

  it('formats groups, showing an empty cluster as (none)', () => {
    expect(formatGroups(expected(['kind02']).vipGroups)).toBe('kind01: (none); kind02: 172.20.0.2, 172.20.0.3');
  });
});

describe.each(['frr-8.4', 'frr-10.3'])('judging %s recordings', (version) => {
  it("zebra's and the kernel's VIP next hops match the full lab; the survivors' match the survivors", () => {
    const zebra = activeNextHops(parseFrrFibRoute(recorded(version, 'route-vip.json'), VIP));
    const kernel = activeNextHops(parseIpRouteJson(recorded(version, 'ip-route-vip.json'), VIP));
    expect(zebra).toEqual(['10.20.0.2', '10.20.0.3', '172.20.0.2', '172.20.0.3']);
    expect(groupByCluster(state, kernel)).toStrictEqual(expected(BOTH).vipGroups);
    expect(sameGroups(groupByCluster(state, zebra), expected(BOTH).vipGroups)).toBe(true);

    const survivors = activeNextHops(parseFrrFibRoute(recorded(version, 'route-vip-survivors.json'), VIP));
    expect(groupByCluster(state, survivors)).toStrictEqual(expected(['kind02']).vipGroups);
    expect(sameGroups(groupByCluster(state, survivors), expected(BOTH).vipGroups)).toBe(false);
    expect(activeNextHops(parseFrrFibRoute(recorded(version, 'route-missing.json'), '172.31.255.1/32'))).toEqual([]);
  });

  it('expected VIP paths equal the recorded ones for the full lab', () => {
    const paths = expected(BOTH).vipPaths;
    expect(paths).toStrictEqual([
      { nextHop: '10.20.0.2', asPath: '65101', multipath: true, stale: false },
      { nextHop: '10.20.0.3', asPath: '65101', multipath: true, stale: false },
      { nextHop: '172.20.0.2', asPath: '65102', multipath: true, stale: false },
      { nextHop: '172.20.0.3', asPath: '65102', multipath: true, stale: false },
    ]);
    const actual = actualVipPaths(parseFrrBgpRoute(recorded(version, 'bgp-vip.json'), VIP));
    expect(actual).toStrictEqual(paths);
    // The ECMP scenario polls on exactly this comparison.
    expect(JSON.stringify(actual)).toBe(JSON.stringify(paths));
  });

  it('expected VIP paths for the survivors equal the recorded survivors, and differ from the full lab', () => {
    const actual = actualVipPaths(parseFrrBgpRoute(recorded(version, 'bgp-vip-survivors.json'), VIP));
    expect(actual).toStrictEqual(expected(['kind02']).vipPaths);
    expect(actual).not.toEqual(expected(BOTH).vipPaths);
  });

  it('expects a lone path (a one-node survivor) to be best but not multipath, as FRR marks it', () => {
    expect(expected(['kind02'], ['172.20.0.2']).vipPaths).toStrictEqual([{ nextHop: '172.20.0.2', asPath: '65102', multipath: false, stale: false }]);
    expect(expected(BOTH).vipPaths.every((p) => p.multipath)).toBe(true);
  });

  it('does not take stale paths (graceful restart) for a healthy full lab', () => {
    const stale = parseFrrBgpRoute(recorded(version, 'bgp-vip-stale.json'), VIP);
    expect(actualVipPaths(stale)).not.toEqual(expected(BOTH).vipPaths);
    expect(actualVipPaths(stale).filter((p) => p.stale).map((p) => p.nextHop)).toEqual(['10.20.0.2', '10.20.0.3']);
    expect(pathLines(stale).filter((l) => l.endsWith(' stale')).map((l) => l.split(' ')[0])).toEqual(['10.20.0.2', '10.20.0.3']);
  });

  it('differs when a node path is missing', () => {
    const route = editedVipRoute(version, (paths) => paths.filter((p) => nextHopOf(p) !== '172.20.0.3'));
    expect(route.paths).toHaveLength(3);
    const actual = actualVipPaths(route);
    expect(JSON.stringify(actual)).not.toBe(JSON.stringify(expected(BOTH).vipPaths));
    expect(actual).not.toEqual(expected(BOTH).vipPaths);
  });

  it('differs when one path is not multipath', () => {
    const route = editedVipRoute(version, (paths) => paths.map((p) => (nextHopOf(p) === '10.20.0.3' ? { ...p, multipath: false } : p)));
    const actual = actualVipPaths(route);
    expect(actual.find((p) => p.nextHop === '10.20.0.3')!.multipath).toBe(false);
    expect(JSON.stringify(actual)).not.toBe(JSON.stringify(expected(BOTH).vipPaths));
  });

  it('differs when FRR reports no multipath at all (no "multipath" key, as without maximum-paths)', () => {
    const route = editedVipRoute(version, (paths) => paths.map(({ multipath: _unused, ...rest }) => rest));
    expect(route.paths.every((p) => !p.multipath)).toBe(true);
    expect(actualVipPaths(route)).not.toEqual(expected(BOTH).vipPaths);
  });

  it('differs when a path has the wrong AS path', () => {
    const route = editedVipRoute(version, (paths) =>
      paths.map((p) => (nextHopOf(p) === '172.20.0.2' ? { ...p, aspath: { string: '65102 65102' } } : p)));
    expect(actualVipPaths(route)).not.toEqual(expected(BOTH).vipPaths);
  });

  it('expects the router neighbours that the recorded summary has', () => {
    const neighbors = parseFrrBgpSummary(recorded(version, 'bgp-ipv4-unicast-summary.json'));
    expect(neighborLines(neighbors)).toStrictEqual(expected(BOTH).sessionLines);
    expect(neighborLines(neighbors)).not.toStrictEqual(expected(['kind02']).sessionLines);
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
