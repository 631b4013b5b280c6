import { describe, expect, it } from 'vitest';
import { REFERENCE_MEASUREMENT, summarize } from './disruption.ts';
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
});
