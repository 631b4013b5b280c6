// Reads what the router and the nodes record about restarts, for the judges in
// measure/node-restarts.ts: which nodes a restart concerns (from the provider's
// prediction: the nodes that peer, and which of them announce the VIP), and
// the records themselves (the router's per-neighbour history, each speaker's
// own start time and version), read once before a disruption and once after.
import type { Lab } from './lab.ts';
import type { LabExpectations } from '../model/expectations.ts';
import { clusterOf } from '../model/resolve.ts';
import { peerTimersSource } from '../cilium/peer-timers.ts';
import { nodeRestarts, type NodeRestart, type RestartRecord, type RestartedNode } from '../measure/node-restarts.ts';
import type { DisruptionReport } from '../measure/disruption.ts';
import { pollUntil, type BudgetName } from '../model/budgets.ts';

/** Where a cluster's graceful restart is set, for messages. */
export function gracefulRestartSetting(lab: Lab, cluster: string): string {
  const resolved = clusterOf(lab.state.lab, cluster);
  const source = peerTimersSource(resolved.resources, resolved.spec.peerAddress);
  return source.startsWith('Cilium') ? `gracefulRestart: cluster ${cluster} has no CiliumBGPPeerConfig for its peer, and Cilium's default is off` : `gracefulRestart in ${source}`;
}

/** The live nodes that peer with the router (expected.sessionLines), each saying whether it announces the VIP (expected.vipNextHops). */
export function restartedNodes(lab: Lab, expected: LabExpectations, only?: { cluster: string; node: string }): RestartedNode[] {
  const peering = new Set(expected.sessionLines.map((l) => l.split(' ')[0]!));
  return lab.state.clusters.filter((c) => !c.deleted).flatMap((c) => c.nodes
    .filter((n) => peering.has(n.address) && (!only || (only.cluster === c.name && only.node === n.name)))
    .map((n) => ({ cluster: c.name, node: n.name, address: n.address, announcesVip: expected.vipNextHops.includes(n.address), setting: gracefulRestartSetting(lab, c.name) })));
}

/** The router's per-neighbour history and each node's running speaker, read now. */
export async function readRestartRecord(lab: Lab, nodes: readonly RestartedNode[]): Promise<RestartRecord> {
  const [neighbors, runs] = await Promise.all([
    lab.router.neighborHistory(),
    Promise.all(nodes.map((n) => lab.speakerRun(n.cluster, n.node))),
  ]);
  return { at: Date.now(), neighbors, speakers: Object.fromEntries(nodes.map((n, i) => [n.node, runs[i]])) };
}

/** What a judgement takes from a disruption's measurement (none yet while it runs). */
type Measured = Pick<DisruptionReport, 'nextHopChanges' | 'samples' | 'settings'>;

async function readAndJudge(lab: Lab, nodes: readonly RestartedNode[], before: RestartRecord, report?: Measured): Promise<NodeRestart[]> {
  const [after, events] = await Promise.all([readRestartRecord(lab, nodes), lab.router.sessionEvents(before.at)]);
  return nodeRestarts({
    nodes, before, after, events,
    nextHopChanges: report?.nextHopChanges ?? [], probe: report?.samples ?? [], probeTimeoutMs: report?.settings.timeoutMs ?? 0,
  });
}

const back = (restarts: readonly NodeRestart[]) => restarts.every((r) => r.sessionCameBack && r.endOfRib);

/** Waits (within `budget`) until the router records every node's session back with its End-of-RIB; false when the budget ran out. */
export async function waitForRestarts(lab: Lab, nodes: readonly RestartedNode[], before: RestartRecord, budget: BudgetName): Promise<boolean> {
  return (await pollUntil(budget, () => readAndJudge(lab, nodes, before), back)).met;
}

/**
 * Once a disruption is over: waits (within `budget`) until every node's session is back with its
 * End-of-RIB, as the router records it, then judges each node's restart from the records read last.
 * The wait only decides when to read; the judgement is the records', whatever the wait saw.
 */
export async function judgeRestarts(lab: Lab, nodes: readonly RestartedNode[], before: RestartRecord, report: Measured, budget: BudgetName = 'bgpSession'): Promise<NodeRestart[]> {
  const settled = await pollUntil(budget, () => readAndJudge(lab, nodes, before, report), back);
  return settled.value ?? readAndJudge(lab, nodes, before, report);
}
