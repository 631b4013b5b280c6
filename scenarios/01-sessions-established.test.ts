// a. Every cluster node peers with the router, and both ends say Established.
// A missing session starts its failure with what the lab can see of the cause
// (passwords that differ, a connect retry longer than the wait).
import { describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { clusterOf } from '../helpers/model/resolve.ts';
import { pollUntil } from '../helpers/model/budgets.ts';
import { neighborLines } from '../helpers/model/expectations.ts';
import { whyNoSession } from '../helpers/model/why-no-session.ts';

const lab = await useLab();

/** "cause (kind01): ..." lines for the clusters with an expected session not Established. */
function sessionCauses(actual: readonly string[], expected: readonly string[]): string {
  const missing = expected.filter((l) => !actual.includes(l)).map((l) => l.split(' ')[0]!);
  const clusters = lab.state.clusters.filter((c) => c.nodes.some((n) => missing.includes(n.address))).map((c) => c.name);
  return clusters.flatMap((c) => whyNoSession(lab.state.lab, c).map((cause) => `cause (${c}): ${cause}\n`)).join('');
}

describe('BGP sessions', () => {
  it('the router has one Established session per node that peers with it, and no other', async () => {
    const expected = (await lab.expectations()).sessionLines;
    const seen = await pollUntil('bgpSession', () => lab.routerNeighbors(), (ns) => neighborLines(ns).join() === expected.join());
    const actual = neighborLines(seen.value ?? []);
    expect(actual, `${seen.met ? '' : sessionCauses(actual, expected)}router neighbours after ${seen.waitedMs} ms`).toEqual(expected);
  });

  const nodes = lab.state.clusters.flatMap((c) => c.nodes.map((n) => [c.name, n.name, n.address] as const));
  it.each(nodes)('%s node %s sees its session to the router as expected', async (cluster, node, address) => {
    // A node no CiliumBGPClusterConfig selects does not speak BGP: it should see no session at all.
    const peers = (await lab.expectations()).sessionLines.some((l) => l.startsWith(`${address} `));
    const expected = peers ? [`${clusterOf(lab.state.lab, cluster).spec.peerAddress} (AS ${lab.spec.router.asn}): Established`] : [];
    // The router's test above waited for every session; a node whose session the router lacks is read once, not waited for again.
    const routerHasIt = neighborLines(await lab.routerNeighbors()).some((l) => l.startsWith(`${address} `) && l.endsWith(': Established'));
    const seen = await pollUntil('bgpSession', () => lab.nodeNeighbors(cluster, node), (ns) => neighborLines(ns).join() === expected.join(), { budgetScale: routerHasIt || !peers ? 1 : 0 });
    const actual = neighborLines(seen.value ?? []);
    const causes = seen.met ? '' : whyNoSession(lab.state.lab, cluster).map((c) => `cause (${cluster}): ${c}\n`).join('');
    expect(actual, `${causes}${node}'s neighbours after ${seen.waitedMs} ms`).toEqual(expected);
  });
});
