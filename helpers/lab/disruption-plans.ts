// The disruptions the failover scenarios inflict, as measurement plans:
// what to do, and which next hops the VIP must end with.
import type { Lab } from './lab.ts';
import type { DisruptionPlan } from '../measure/disruption.ts';
import { waitFor } from '../spec/budgets.ts';
import { activeNextHops } from '../spec/expectations.ts';

export function abruptDeletion(lab: Lab, cluster: string): DisruptionPlan {
  return {
    action: `abrupt deletion of ${cluster}`,
    act: () => lab.deleteCluster(cluster),
    targetNextHops: lab.nodeAddresses(lab.liveClusters.filter((c) => c !== cluster)),
    expectChange: true,
    budget: 'failover',
  };
}

/** Withdraw first, wait until the router dropped the cluster's next hops, then delete it. */
export function gracefulDeletion(lab: Lab, cluster: string): DisruptionPlan {
  const survivors = lab.nodeAddresses(lab.liveClusters.filter((c) => c !== cluster));
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

export function recovery(lab: Lab, cluster: string, log: (line: string) => void = () => {}): DisruptionPlan {
  return {
    action: `recovery of ${cluster}`,
    act: () => lab.recreateCluster(cluster, log),
    targetNextHops: lab.nodeAddresses([...new Set([...lab.liveClusters, cluster])]),
    expectChange: true,
    budget: 'recovery',
  };
}

export function speakerRestart(lab: Lab, cluster: string, node: string, during?: () => Promise<unknown>): DisruptionPlan {
  return {
    action: `BGP speaker restart on ${node}`,
    act: () => lab.restartSpeaker(cluster, node),
    targetNextHops: lab.nodeAddresses(lab.liveClusters),
    expectChange: false,
    budget: 'speakerRestart',
    ...(during ? { during } : {}),
  };
}
