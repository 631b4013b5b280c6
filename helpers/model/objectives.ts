// What the lab must deliver, declared in the spec and independent of the
// manifests under test: a change that makes failover eight times slower fails
// here even though the peer config that causes it "explains" it. The bound the
// peer config implies is information, reported beside the measured figure; a
// config whose own bound already exceeds an objective is refused before
// anything starts.
import type { ObjectivesSpec } from './spec.ts';
import type { SpecIssue } from './spec-issue.ts';
import type { PeerTimers } from '../cilium/peer-timers.ts';
import { abruptFailoverBoundMs } from '../cilium/peer-timers.ts';

/** The reference lab's objectives (the reference manifests meet them with margin); a spec without its own gets these. */
export const DEFAULT_OBJECTIVES: ObjectivesSpec = {
  bringUpMs: { emulated: 30_000, kind: 900_000 },
  abruptLoss: { convergenceMs: 30_000, disruptionWindowMs: 30_000, failedPercent: 60 },
  failedRequests: { gracefulDeletion: 0, recovery: 0, speakerRestart: 0, upgrade: 0 },
};

export function objectivesOf(spec: { readonly objectives?: ObjectivesSpec }): ObjectivesSpec {
  return spec.objectives ?? DEFAULT_OBJECTIVES;
}

/** Shape and range of the declared objectives. Pure. */
export function checkObjectives(objectives: ObjectivesSpec | undefined): SpecIssue[] {
  if (objectives === undefined) return [];
  const issues: SpecIssue[] = [];
  const check = (field: string, value: unknown, what: 'ms' | 'percent' | 'count') => {
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= 0 && (what !== 'percent' || value <= 100) && (what !== 'count' || Number.isInteger(value));
    if (!ok) {
      const range = what === 'percent' ? 'a number from 0 to 100' : what === 'count' ? 'a whole number, 0 or more' : 'a number of milliseconds, 0 or more';
      issues.push({ field: `objectives.${field}`, message: `${JSON.stringify(value)} is not ${range}` });
    }
  };
  for (const [provider, ms] of Object.entries(objectives.bringUpMs ?? {})) check(`bringUpMs.${provider}`, ms, 'ms');
  check('abruptLoss.convergenceMs', objectives.abruptLoss?.convergenceMs, 'ms');
  check('abruptLoss.disruptionWindowMs', objectives.abruptLoss?.disruptionWindowMs, 'ms');
  check('abruptLoss.failedPercent', objectives.abruptLoss?.failedPercent, 'percent');
  for (const key of ['gracefulDeletion', 'recovery', 'speakerRestart', 'upgrade'] as const) {
    check(`failedRequests.${key}`, objectives.failedRequests?.[key], 'count');
  }
  return issues;
}

/**
 * A cluster whose peer config lets an abrupt loss last longer than the objective allows: the
 * run could only pass by luck, so it is refused before anything starts, naming both numbers.
 */
export function checkPeerTimersAgainstObjectives(objectives: ObjectivesSpec, cluster: string, index: number, timers: PeerTimers, peerConfig: string): SpecIssue[] {
  const bound = abruptFailoverBoundMs(timers);
  const { convergenceMs } = objectives.abruptLoss;
  if (bound <= convergenceMs) return [];
  return [{
    field: `clusters[${index}] manifests`,
    message: `${peerConfig} lets an abrupt loss of cluster ${cluster} keep its next hops for up to ${bound} ms ` +
      `(gracefulRestart.restartTimeSeconds ${timers.gracefulRestartSeconds} + holdTimeSeconds ${timers.holdSeconds} + 3 s), ` +
      `beyond objectives.abruptLoss.convergenceMs ${convergenceMs}: shorten the restart or hold time, or declare a longer objective`,
  }];
}
