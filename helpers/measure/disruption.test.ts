import { describe, expect, it } from 'vitest';
import { REFERENCE_MEASUREMENT, summarize, whenConverged } from './disruption.ts';
import { forwardedNextHops } from '../bgp/model.ts';
import type { ProbeSample } from './probe-output.ts';

const T0 = 1_795_667_270_000;
const ok = (ms: number, cluster: string): ProbeSample => ({ at: T0 + ms, ok: true, outcome: 'ok', latencyMs: 2, answer: { cluster, node: `${cluster}-worker` } });
const bad = (ms: number): ProbeSample => ({ at: T0 + ms, ok: false, outcome: 'connect-timeout', latencyMs: 300, error: 'timeout' });
const changes = [
  { at: T0 - 1000, nextHops: ['10.20.0.2', '10.20.0.3', '172.20.0.2', '172.20.0.3'] },
  { at: T0 + 15_300, nextHops: ['172.20.0.2', '172.20.0.3'] },
];
const survivors = ['172.20.0.2', '172.20.0.3'];

describe('summarize', () => {
  const samples = [ok(-40, 'kind01'), ok(-20, 'kind02'), ok(0, 'kind02'), bad(20), ok(40, 'kind02'), bad(15_100), ok(15_120, 'kind02'), ok(15_400, 'kind02'), ok(15_420, 'kind02')];
  const r = summarize('abrupt deletion of kind01', REFERENCE_MEASUREMENT, T0, survivors, T0 + 15_300, changes, samples);

  it('times convergence, the disruption window and recovery from the action', () => {
    expect(r.convergenceMs).toBe(15_300);
    expect(r.disruptionWindowMs).toBe(15_080);
    expect(r.recoveryMs).toBe(15_120);
    expect(r.firstSuccessAfterConvergenceMs).toBe(15_400);
  });

  it('counts failures and their share', () => {
    expect([r.failed, r.total]).toEqual([2, 9]);
    expect(r.failedShare).toBeCloseTo(2 / 9);
  });

  it('spreads before the action and after convergence', () => {
    expect(r.before.byCluster).toEqual({ kind01: 1, kind02: 1 });
    expect(r.after).toMatchObject({ total: 2, ok: 2, byCluster: { kind02: 2 } });
  });

  it('has no window and recovery 0 without failures', () => {
    const clean = summarize('x', REFERENCE_MEASUREMENT, T0, survivors, T0 + 100, changes, [ok(0, 'kind02'), ok(200, 'kind02')]);
    expect(clean.disruptionWindowMs).toBeUndefined();
    expect(clean.recoveryMs).toBe(0);
    expect(clean.failed).toBe(0);
  });

  it('leaves convergence and the after spread empty when the next hops never converged', () => {
    const never = summarize('x', REFERENCE_MEASUREMENT, T0, survivors, undefined, changes.slice(0, 1), [bad(10), bad(30)]);
    expect(never.convergenceMs).toBeUndefined();
    expect(never.after.total).toBe(0);
    expect(never.recoveryMs).toBeUndefined();
    expect(never.disruptionWindowMs).toBe(20);
  });

  it('tells a request in flight while the next hops changed (rehashed) from other failures', () => {
    const reset = (ms: number, latency: number): ProbeSample => ({ at: T0 + ms, ok: false, outcome: 'reset', latencyMs: latency, error: 'other side closed' });
    const moves = [changes[0]!, { at: T0 + 1000, nextHops: survivors }];
    const r2 = summarize('graceful', REFERENCE_MEASUREMENT, T0, survivors, T0 + 1000, moves, [ok(0, 'kind02'), reset(985, 30), reset(400, 5), bad(990)]);
    expect(r2.failed).toBe(3);
    expect(r2.rehashed).toBe(1);
    // A reset far from any change, and a connect timeout (never established), are not explained by a rehash.
    expect(r2.unexplainedFailures.map((s) => s.at - T0)).toEqual([400, 990]);
  });

  // The shape of a recovery: a new next hop joins the route with no neighbour entry (the kernel counts a
  // missing entry as good); the first flow hashed to it starts ARP and, while the entry is INCOMPLETE, the
  // kernel sends the flows hashed to it to another next hop; once resolved they move to it and its kernel
  // resets them. The watcher reads too slowly to see INCOMPLETE, so the move shows only as a resolution.
  it('counts a reset in flight while a new next hop\'s neighbour was resolved as rehashed', () => {
    const reset = (ms: number, latency: number): ProbeSample => ({ at: T0 + ms, ok: false, outcome: 'reset', latencyMs: latency, error: 'other side closed' });
    const all = [...survivors, '10.20.0.2'].sort();
    const moves = [
      { at: T0 - 1000, nextHops: survivors, forwarded: survivors },
      { at: T0 + 2300, since: T0 + 2200, nextHops: all, forwarded: all },
      { at: T0 + 2306, since: T0 + 2301, nextHops: all, forwarded: all, resolved: ['10.20.0.2'] },
    ];
    const r2 = summarize('recreation', REFERENCE_MEASUREMENT, T0, all, T0 + 2300, moves, [ok(0, 'kind02'), reset(2302, 2.5), reset(3000, 2)]);
    expect(r2.rehashed).toBe(1);
    expect(r2.unexplainedFailures.map((s) => s.at - T0)).toEqual([3000]);
    // Convergence is the route's change, not the resolution that followed it.
    expect(r2.convergenceMs).toBe(2300);
    expect(whenConverged(moves, T0, all.join(','), false, forwardedNextHops)).toBe(T0 + 2300);
  });
});

// The shape of a live abrupt deletion with a 60 s graceful-restart time (FRR 10.3, route through a
// next-hop object): the dead nodes' neighbour entries failed 33 s after the deletion and the kernel
// stopped hashing flows to them; the route dropped them only when graceful restart expired, at 60.6 s.
describe('whenConverged', () => {
  const all = ['10.20.0.2', '10.20.0.3', '172.20.0.2', '172.20.0.3'];
  const watched = [
    { at: T0 - 1000, nextHops: all, forwarded: all },
    { at: T0 + 33_100, nextHops: all, forwarded: ['10.20.0.2', '172.20.0.2', '172.20.0.3'] },
    { at: T0 + 33_600, nextHops: all, forwarded: survivors },
    { at: T0 + 60_600, nextHops: survivors, forwarded: survivors },
  ];
  const target = survivors.join(',');

  it('is when new flows stop going anywhere else, apart from when the route changed', () => {
    expect(whenConverged(watched, T0, target, true, forwardedNextHops)).toBe(T0 + 33_600);
    expect(whenConverged(watched, T0, target, true, (c) => c.nextHops)).toBe(T0 + 60_600);
  });

  // A loaded stress run of the long-restart shape: the dead nodes' entries failed at 32.1 s, were
  // removed and counted as usable again at 41.4 s (requests failed), failed again at 44.5 s; the route
  // dropped them at 60.2 s. Clients converged at 44.5 s, not 32.1 s.
  it('is when forwarding reached the target for the last time, when it left it in between', () => {
    const dead = ['10.20.0.2', '10.20.0.3'];
    const relapsing = [
      { at: T0 - 3200, nextHops: all, forwarded: all },
      { at: T0 + 32_100, since: T0 + 29_100, nextHops: all, forwarded: survivors },
      { at: T0 + 41_400, since: T0 + 39_400, nextHops: all, forwarded: [...dead, ...survivors] },
      { at: T0 + 44_500, since: T0 + 41_400, nextHops: all, forwarded: survivors },
      { at: T0 + 60_200, since: T0 + 44_500, nextHops: survivors, forwarded: survivors },
    ];
    expect(whenConverged(relapsing, T0, target, true, forwardedNextHops)).toBe(T0 + 44_500);
    expect(whenConverged(relapsing, T0, target, true, (c) => c.nextHops)).toBe(T0 + 60_200);
    // Left again and not back by the end of the watch: not converged.
    expect(whenConverged(relapsing.slice(0, 3), T0, target, true, forwardedNextHops)).toBeUndefined();
  });

  it('reads a change without a forwarded set as forwarding to the route\'s next hops', () => {
    expect(whenConverged(changes, T0, target, true, forwardedNextHops)).toBe(T0 + 15_300);
  });

  it('is undefined when the target is never reached, and the action itself when nothing had to change', () => {
    expect(whenConverged(watched.slice(0, 2), T0, target, true, forwardedNextHops)).toBeUndefined();
    expect(whenConverged([{ at: T0 - 1000, nextHops: all }], T0, all.join(','), false, forwardedNextHops)).toBe(T0);
    expect(whenConverged([{ at: T0 - 1000, nextHops: all }], T0, target, false, forwardedNextHops)).toBeUndefined();
  });

  it('gives both figures: clients\' convergence and the route\'s', () => {
    const samples = [ok(0, 'kind02'), bad(100), bad(33_000), ok(33_700, 'kind02'), ok(61_000, 'kind02')];
    const r = summarize('abrupt deletion of kind01', REFERENCE_MEASUREMENT, T0, survivors, T0 + 33_600, watched, samples, T0 + 60_600);
    expect(r.convergenceMs).toBe(33_600);
    expect(r.routeConvergenceMs).toBe(60_600);
    expect(r.after.failed).toBe(0);
    expect(r.after.ok).toBe(2);
  });
});
