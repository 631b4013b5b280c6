// The wait budgets of one lab: the provider's, stretched where the lab's own
// peer timers need longer (a 60 s graceful-restart time keeps a dead cluster's
// paths for a minute; a 60 s failover budget would end the watch before that).
import { BUDGETS, type BudgetOverrides } from './budgets.ts';
import { abruptFailoverBoundMs } from '../cilium/peer-timers.ts';
import type { ResolvedLab } from './resolve.ts';

/** Room on top of the bound, for the watcher to see the change and the probe to see clients recover. */
const MARGIN_MS = 5000;

export function labBudgets(lab: ResolvedLab, provider: BudgetOverrides = {}): BudgetOverrides {
  const longest = (ms: (t: ResolvedLab['clusters'][number]['peerTimers']) => number) => Math.max(0, ...lab.clusters.map((c) => ms(c.peerTimers)));
  const failover = longest(abruptFailoverBoundMs) + MARGIN_MS;
  const restart = longest((t) => t.gracefulRestartSeconds * 1000) + MARGIN_MS;
  return {
    ...provider,
    failover: Math.max(provider.failover ?? BUDGETS.failover, failover),
    speakerRestart: Math.max(provider.speakerRestart ?? BUDGETS.speakerRestart, restart),
  };
}
