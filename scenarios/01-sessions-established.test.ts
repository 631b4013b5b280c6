// a. Every cluster node peers with the router, and both ends say Established.
import { describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { clusterOf } from '../helpers/spec/resolve.ts';
import { pollUntil } from '../helpers/spec/budgets.ts';
import { neighborLines } from '../helpers/spec/expectations.ts';

const lab = useLab();

describe('BGP sessions', () => {
  it('the router has one Established session per node that peers with it, and no other', async () => {
    const expected = (await lab.expectations()).sessionLines;
    const seen = await pollUntil('bgpSession', () => lab.routerNeighbors(), (ns) => neighborLines(ns).join() === expected.join());
    expect(neighborLines(seen.value ?? []), `router neighbours after ${seen.waitedMs} ms`).toEqual(expected);
  });

  const nodes = lab.state.clusters.flatMap((c) => c.nodes.map((n) => [c.name, n.name, n.address] as const));
  it.each(nodes)('%s node %s sees its session to the router as expected', async (cluster, node, address) => {
    // A node no CiliumBGPClusterConfig selects does not speak BGP: it should see no session at all.
    const peers = (await lab.expectations()).sessionLines.some((l) => l.startsWith(`${address} `));
    const expected = peers ? [`${clusterOf(lab.state.lab, cluster).spec.peerAddress} (AS ${lab.spec.router.asn}): Established`] : [];
    const seen = await pollUntil('bgpSession', () => lab.nodeNeighbors(cluster, node), (ns) => neighborLines(ns).join() === expected.join());
    expect(neighborLines(seen.value ?? []), `${node}'s neighbours after ${seen.waitedMs} ms`).toEqual(expected);
  });
});
