// The pure part of the failover measurement: what the samples and the route
// watcher's changes say about a cluster deletion.
import { describe, expect, it } from 'vitest';
import { formatFailover } from '../report/format.ts';
import { summarize } from './failover.ts';
import type { NextHopChange } from './route-watch-output.ts';
import type { ProbeSample } from './probe-output.ts';

function ok(at: number, cluster: string, node: string): ProbeSample {
  return { at, ok: true, httpCode: 200, latencyMs: 3, answer: { cluster, node } };
}
function fail(at: number): ProbeSample {
  return { at, ok: false, httpCode: 0, latencyMs: 300, error: 'curl-exit-28 curl: (28) Connection timed out after 300 milliseconds' };
}

const DELETED_AT = 10_000;
const CONVERGED_AT = 11_000;

const changes: NextHopChange[] = [
  { at: 8_000, nextHops: ['10.20.0.2', '10.20.0.3', '172.20.0.2', '172.20.0.3'] },
  { at: CONVERGED_AT, nextHops: ['172.20.0.2', '172.20.0.3'] },
];

const samples: ProbeSample[] = [
  ok(8_000, 'kind01', 'kind01-worker'),
  ok(9_000, 'kind02', 'kind02-worker'),
  ok(9_500, 'kind01', 'kind01-control-plane'),
  ok(10_000, 'kind01', 'kind01-worker'), // at the deletion itself: neither before nor after
  fail(10_050),
  fail(10_300),
  ok(10_600, 'kind02', 'kind02-control-plane'),
  fail(11_000), // started as the route converged: counts in "after"
  ok(11_050, 'kind02', 'kind02-worker'),
  ok(11_150, 'kind02', 'kind02-control-plane'),
];

describe('summarize', () => {
  const report = summarize('kind01', DELETED_AT, CONVERGED_AT, changes, samples);

  it('counts failures among all requests', () => {
    expect(report.deletedCluster).toBe('kind01');
    expect(report.deletedAt).toBe(DELETED_AT);
    expect(report.failed).toBe(3);
    expect(report.total).toBe(10);
  });

  it('measures the disruption window from the first to the last failed request start', () => {
    expect(report.disruptionWindowMs).toBe(11_000 - 10_050);
  });

  it('measures route convergence from the deletion to the survivors-only next hops', () => {
    expect(report.survivorsOnlyAt).toBe(CONVERGED_AT);
    expect(report.routeConvergenceMs).toBe(1_000);
  });

  it('spreads requests started before the deletion (strictly) and from convergence on (inclusive)', () => {
    expect(report.before).toStrictEqual({
      total: 3, ok: 3, failed: 0,
      byCluster: { kind01: 2, kind02: 1 },
      byNode: { 'kind01-worker': 1, 'kind02-worker': 1, 'kind01-control-plane': 1 },
    });
    expect(report.after).toStrictEqual({
      total: 3, ok: 2, failed: 1,
      byCluster: { kind02: 2 },
      byNode: { 'kind02-worker': 1, 'kind02-control-plane': 1 },
    });
  });

  it('finds the first success after convergence, relative to the deletion', () => {
    expect(report.firstSuccessAfterConvergenceMs).toBe(11_050 - DELETED_AT);
  });

  it('keeps the raw changes and samples', () => {
    expect(report.nextHopChanges).toBe(changes);
    expect(report.samples).toBe(samples);
  });

  it('formats as one readable line', () => {
    expect(formatFailover(report)).toBe(
      'deleted kind01: route had survivors only after 1.00 s; 3 of 10 requests failed (30.0%) over a 0.95 s window; ' +
        'first success after convergence at +1.05 s; before: 3/3 ok: kind01 2 (67%), kind02 1 (33%); after: 2/3 ok: kind02 2 (100%)',
    );
  });

  it('has no disruption window without failures, and 0 with a single one', () => {
    const clean = summarize('kind01', DELETED_AT, CONVERGED_AT, changes, samples.filter((s) => s.ok));
    expect(clean.failed).toBe(0);
    expect(clean.disruptionWindowMs).toBeUndefined();
    expect('disruptionWindowMs' in clean).toBe(false);
    expect(clean.firstSuccessAfterConvergenceMs).toBe(1_050);
    expect(formatFailover(clean)).toContain('0 of 7 requests failed (0.0%) with no disruption window;');

    const single = summarize('kind01', DELETED_AT, CONVERGED_AT, changes, [...samples.filter((s) => s.ok), fail(10_400)]);
    expect(single.disruptionWindowMs).toBe(0);
  });

  it('has no convergence time, an empty "after" and no first success when the route never converged', () => {
    const stuck = summarize('kind01', DELETED_AT, undefined, changes.slice(0, 1), samples);
    expect(stuck.survivorsOnlyAt).toBeUndefined();
    expect(stuck.routeConvergenceMs).toBeUndefined();
    expect('routeConvergenceMs' in stuck).toBe(false);
    expect(stuck.after).toStrictEqual({ total: 0, ok: 0, failed: 0, byCluster: {}, byNode: {} });
    expect(stuck.firstSuccessAfterConvergenceMs).toBeUndefined();
    // Failures and the "before" spread do not depend on convergence.
    expect(stuck.failed).toBe(3);
    expect(stuck.disruptionWindowMs).toBe(950);
    expect(stuck.before.ok).toBe(3);
    expect(formatFailover(stuck)).toContain('route had survivors only after n/a;');
  });
});
