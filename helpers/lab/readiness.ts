// Waits until a lab is doing its job: every expected session Established and
// the VIP in the kernel FIB over every node expected to announce it. The CLI
// and the bench wait on this; scenarios assert the same conditions themselves.
import type { Lab } from './lab.ts';
import { pollUntil, waitFor, type PollResult } from '../model/budgets.ts';
import { activeNextHops, formatGroups, groupByCluster, neighborLines, sameGroups } from '../model/expectations.ts';

export async function waitUntilConverged(lab: Lab): Promise<{ sessionsMs: number; vipMs: number }> {
  const started = Date.now();
  const expected = await lab.expectations();
  await waitFor('bgpSession', 'every expected router session to be Established', () => lab.routerNeighbors(),
    (ns) => neighborLines(ns).join() === expected.sessionLines.join(), (ns) => neighborLines(ns ?? []).join('; '));
  const sessionsMs = Date.now() - started;
  const expectedHops = Object.values(expected.vipGroups).flat().length;
  const seen = await untilEcmpOrExplained(lab, expectedHops, () => lab.vipKernelRoute(), (r) => sameGroups(groupByCluster(lab.state, activeNextHops(r)), expected.vipGroups));
  const actual = formatGroups(groupByCluster(lab.state, activeNextHops(seen.value)));
  if (seen.causes.length > 0) throw new Error(`${seen.causes.join('; ')}. The VIP's kernel next hops are ${actual}, expected ${formatGroups(expected.vipGroups)}`);
  if (!seen.met) throw new Error(`waited ${seen.waitedMs} ms (budget "ecmpConvergence") for the VIP's kernel next hops to be ${formatGroups(expected.vipGroups)}; ${seen.lastError ? `the last read failed: ${seen.lastError.message}` : `last seen: ${actual}`}`);
  return { sessionsMs, vipMs: Date.now() - started };
}

/**
 * Polls `read` until `done`, or until the router's own config explains why the VIP cannot reach
 * `expectedHops` next hops (Router.whyNotEcmp: maximum-paths, no multipath-relax): a route its
 * settings cap does not change by waiting, so the wait ends there with the setting to change.
 */
export async function untilEcmpOrExplained<T>(lab: Lab, expectedHops: number, read: () => Promise<T>, done: (value: T) => boolean): Promise<PollResult<T> & { causes: string[] }> {
  let causes: string[] = [];
  // The router's config is read at most once a second: two more commands in its container per read.
  let askedAt = 0;
  const seen = await pollUntil('ecmpConvergence', async () => {
    const value = await read();
    if (done(value)) causes = [];
    else if (Date.now() - askedAt >= 1000) {
      askedAt = Date.now();
      causes = await lab.router.whyNotEcmp(lab.vipPrefix, expectedHops).catch(() => []);
    }
    return value;
  }, (value) => done(value) || causes.length > 0);
  return { ...seen, met: seen.value !== undefined && done(seen.value), causes };
}
