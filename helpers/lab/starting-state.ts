// A scenario that changes the lab needs it whole and converged to start from.
// When an earlier scenario's failure left it otherwise (a cluster still
// deleted, the VIP never on its expected next hops), the scenario fails at
// once saying so, instead of waiting out its own budgets and failing for a
// reason that is not its own.
import type { Lab } from './lab.ts';
import { pollUntil } from '../model/budgets.ts';
import { activeNextHops, formatGroups, groupByCluster, sameGroups } from '../model/expectations.ts';

export async function startingStateProblem(lab: Lab): Promise<string | undefined> {
  const deleted = lab.clusterNames.filter((c) => !lab.liveClusters.includes(c));
  if (deleted.length > 0) return `cluster ${deleted.join(', ')} is deleted: an earlier scenario deleted it and did not create it again`;
  const expected = await lab.expectations();
  const silent = lab.liveClusters.filter((c) => (expected.vipGroups[c] ?? []).length === 0);
  if (silent.length > 0) return `cluster ${silent.join(', ')} announces no route for the VIP (scenario 02 says why)`;
  const seen = await pollUntil('startingState', () => lab.vipKernelRoute(), (r) => sameGroups(groupByCluster(lab.state, activeNextHops(r)), expected.vipGroups));
  if (seen.met) return undefined;
  const actual = formatGroups(groupByCluster(lab.state, activeNextHops(seen.value)));
  return `the VIP's kernel next hops are ${actual}, expected ${formatGroups(expected.vipGroups)}: the lab did not converge (or an earlier scenario left it broken)`;
}

/** Throws, naming what is missing, when the lab is not whole and converged. */
export async function assertStartingState(lab: Lab): Promise<void> {
  const problem = await startingStateProblem(lab);
  if (problem) throw new Error(`not started: ${problem}. The first failure above explains it; fix that one first.`);
}
