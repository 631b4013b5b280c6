// a. Every cluster node peers with the router, and both ends say Established.
import { describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { clusterOf } from '../helpers/spec/resolve.ts';
import { pollUntil } from '../helpers/spec/budgets.ts';
import { expectedRouterNeighborLines, neighborLines } from '../helpers/spec/expectations.ts';

const lab = useLab();

describe('BGP sessions', () => {
  it('the router has one Established session per cluster node', async () => {
    const expected = expectedRouterNeighborLines(lab.state);
    const seen = await pollUntil('bgpSession', () => lab.routerNeighbors(), (ns) => neighborLines(ns).join() === expected.join());
    expect(neighborLines(seen.value ?? []), `router neighbours after ${seen.waitedMs} ms`).toEqual(expected);
  });

  const nodes = lab.state.clusters.flatMap((c) => c.nodes.map((n) => [c.name, n.name] as const));
  it.each(nodes)('%s node %s sees its session to the router Established', async (cluster, node) => {
    const expected = [`${clusterOf(lab.state.lab, cluster).spec.peerAddress} (AS ${lab.spec.router.asn}): Established`];
    const seen = await pollUntil('bgpSession', () => lab.nodeNeighbors(cluster, node), (ns) => neighborLines(ns).join() === expected.join());
    expect(neighborLines(seen.value ?? []), `${node}'s neighbours after ${seen.waitedMs} ms`).toEqual(expected);
  });
});
