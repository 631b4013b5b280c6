// The disruptions the failover scenarios inflict, as measurement plans: what
// to do, and which next hops the VIP must end with (the lab's expectations for
// the clusters left alive, so a node that announces nothing is not waited for).
import type { Lab } from './lab.ts';
import type { DisruptionPlan } from '../measure/disruption.ts';
import type { UpgradeStep } from '../providers/types.ts';
import { waitFor } from '../model/budgets.ts';
import { activeNextHops } from '../model/expectations.ts';

const without = (lab: Lab, cluster: string) => lab.liveClusters.filter((c) => c !== cluster);

export async function abruptDeletion(lab: Lab, cluster: string): Promise<DisruptionPlan> {
  return {
    action: `abrupt deletion of ${cluster}`,
    act: () => lab.deleteCluster(cluster),
    targetNextHops: (await lab.expectations(without(lab, cluster))).vipNextHops,
    expectChange: true,
    budget: 'failover',
  };
}

/** Withdraw first, wait until the router dropped the cluster's next hops, then delete it. */
export async function gracefulDeletion(lab: Lab, cluster: string): Promise<DisruptionPlan> {
  const survivors = (await lab.expectations(without(lab, cluster))).vipNextHops;
  return {
    action: `graceful deletion of ${cluster} (withdraw, then delete)`,
    act: async () => {
      await lab.withdrawAdvertisements(cluster);
      await waitFor('failover', `the router to drop ${cluster}'s next hops after the withdrawal`, () => lab.vipKernelRoute(),
        (r) => activeNextHops(r).join() === survivors.join(), (r) => activeNextHops(r).join(', '));
      await lab.deleteCluster(cluster);
    },
    targetNextHops: survivors,
    expectChange: true,
    budget: 'failover',
  };
}

/** The target is asked once the cluster exists again: its nodes may have other addresses than before. */
export function recovery(lab: Lab, cluster: string, log: (line: string) => void = () => {}): DisruptionPlan {
  return {
    action: `recovery of ${cluster}`,
    act: () => lab.recreateCluster(cluster, log),
    targetNextHops: async () => (await lab.expectations()).vipNextHops,
    expectChange: true,
    budget: 'recovery',
  };
}

export async function speakerRestart(lab: Lab, cluster: string, node: string, during?: () => Promise<unknown>): Promise<DisruptionPlan> {
  return {
    action: `BGP speaker restart on ${node}`,
    act: () => lab.restartSpeaker(cluster, node),
    targetNextHops: (await lab.expectations()).vipNextHops,
    expectChange: false,
    budget: 'speakerRestart',
    // `during` waits until the restarted speaker refreshed its path (or the budget ran out); the watch
    // ends a little after, not at the end of the graceful-restart time.
    ...(during ? { settleMs: 2000 } : {}),
    ...(during ? { during } : {}),
  };
}

/**
 * A rolling upgrade of every live cluster's speakers under traffic: nothing should change, so the
 * watch ends a little after the roll finished (not at the end of its budget).
 */
export async function rollingUpgrade(lab: Lab, step: UpgradeStep, onNode: (cluster: string, node: string) => void, log: (line: string) => void): Promise<DisruptionPlan> {
  return {
    action: `rolling upgrade ${step.label}`,
    act: () => step.run(lab.state, onNode, log),
    targetNextHops: (await lab.expectations()).vipNextHops,
    expectChange: false,
    budget: 'upgrade',
    settleMs: 2000,
  };
}
