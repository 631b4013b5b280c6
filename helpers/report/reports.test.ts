// The report renderers (results, markdown summary, timeline SVG, JUnit
// properties, bench statistics) on one recorded-shape measurement.
import { describe, expect, it } from 'vitest';
import { figureProperties, figuresOf } from './figures.ts';
import { toMeasurement } from './measurements.ts';
import { buildResults, parseResults, type RunMeta } from './results.ts';
import { renderSummary } from './markdown.ts';
import { renderTimeline } from './timeline-svg.ts';
import { renderStats, stat } from './stats.ts';
import { REFERENCE_MEASUREMENT, summarize } from '../measure/disruption.ts';
import type { ProbeSample } from '../measure/probe-output.ts';

const T0 = 1_795_667_270_000;
const ok = (ms: number, cluster: string): ProbeSample => ({ at: T0 + ms, ok: true, outcome: 'ok', latencyMs: 2.5, answer: { cluster, node: `${cluster}-worker` } });
const bad = (ms: number): ProbeSample => ({ at: T0 + ms, ok: false, outcome: 'connect-timeout', latencyMs: 300, error: 'timeout' });
const report = summarize(
  'abrupt deletion of kind01', REFERENCE_MEASUREMENT, T0, ['172.20.0.2', '172.20.0.3'], T0 + 15_300,
  [{ at: T0 - 2000, nextHops: ['10.20.0.2', '10.20.0.3', '172.20.0.2', '172.20.0.3'] }, { at: T0 + 15_300, nextHops: ['172.20.0.2', '172.20.0.3'], since: T0 + 15_280 }],
  [ok(-40, 'kind01'), ok(-20, 'kind02'), bad(20), bad(15_100), ok(15_320, 'kind02'), ok(15_340, 'kind02')],
);
const meta: RunMeta = {
  provider: 'emulated', spec: 'anycast', session: '20261126-abcd', startedAt: '2026-11-26T05:00:00.000Z',
  versions: { frr: '10.3', gobgp: '3.36.0' }, phases: { networks: 450, clusters: 4100 }, host: { cpus: 2, memoryGiB: 24, platform: 'linux x64' },
};

describe('figures', () => {
  it('takes every figure from the measurement, shares in percent', () => {
    expect(figuresOf(report)).toEqual({
      action: 'abrupt deletion of kind01', convergenceMs: 15_300, routeConvergenceMs: 15_300, requests: 6, failed: 2, failedPercent: 33.3, disruptionWindowMs: 15_080,
      failedBeforeAction: 0, recoveryMs: 15_320, firstSuccessAfterConvergenceMs: 15_320, sharesBefore: { kind01: 50, kind02: 50 }, sharesAfter: { kind02: 100 },
      rehashed: 0, probeRate: 50, probeTimeoutMs: 300,
    });
  });

  it('flattens into JUnit property names', () => {
    const props = Object.fromEntries(figureProperties('abrupt', figuresOf(report)));
    expect(props['abrupt.convergenceMs']).toBe('15300');
    expect(props['abrupt.sharesBefore.kind01']).toBe('50');
    expect(props['abrupt.action']).toBeUndefined();
  });
});

describe('results, summary and timeline', () => {
  const forwarding = { 'net.ipv4.fib_multipath_use_neigh': '0', 'dead next hop': 'skipped once its neighbour entry fails' };
  const measurement = toMeasurement('abrupt-deletion', { ...report, forwarding });

  it('stores samples relative to the action', () => {
    expect(measurement.samples.slice(0, 3)).toEqual([[-40, 'ok', 2.5, 'kind01'], [-20, 'ok', 2.5, 'kind02'], [20, 'connect-timeout', 300]]);
  });

  it('round-trips the results document and refuses another schema', () => {
    const results = buildResults(meta, [measurement]);
    expect(parseResults(JSON.stringify(results), 'r.json')).toEqual(results);
    expect(() => parseResults('{"schema":"x"}', 'r.json')).toThrow('r.json: schema is "x", expected "anycast-lab/results/v1"');
  });

  it('summarises the run in markdown, one row per measurement', () => {
    const md = renderSummary(buildResults(meta, [measurement]), { 'abrupt-deletion': 'timeline-abrupt-deletion.svg' });
    expect(md).toContain('- versions: frr 10.3, gobgp 3.36.0');
    // Read back from the router when the first disruption started.
    expect(md).toContain('- router forwarding: net.ipv4.fib_multipath_use_neigh 0, dead next hop skipped once its neighbour entry fails');
    expect(renderSummary(buildResults(meta, []))).toContain('- router forwarding: unknown');
    expect(md).toContain('| abrupt deletion of kind01 (abrupt-deletion) | 15.30 s | 15.30 s | 2 of 6 (33.3%) | 15.08 s | 15.32 s | kind01 50%, kind02 50% | kind02 100% |');
    expect(md).toContain('![abrupt-deletion](timeline-abrupt-deletion.svg)');
  });

  it('draws each request as a tick and the next-hop count as a step line', () => {
    const svg = renderTimeline(measurement);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // One tick per request, and one in the legend.
    expect(svg.match(/stroke="#c62828"/g)).toHaveLength(2 + 1);
    expect(svg.match(/stroke="#2e7d32"/g)).toHaveLength(4 + 1);
    for (const label of ['request ok', 'request failed', 'kernel next hops', 'action', 'node down / up']) expect(svg).toContain(`>${label}</text>`);
    // Every next-hop level labelled (0 to 4 here).
    for (const n of [0, 1, 2, 3, 4]) expect(svg).toMatch(new RegExp(`text-anchor="end">${n}</text>`));
    expect(svg).toContain('abrupt deletion of kind01: 2 of 6 requests failed; clients converged after 15.30 s');
    expect(svg).toMatch(/<path d="M[\d.]+,[\d.]+ L[\d.]+,[\d.]+ L[\d.]+,[\d.]+ L[\d.]+,[\d.]+"/);
  });

  it('marks each node\'s restart of a roll on the timeline and lists the nodes in the summary', () => {
    const roll = toMeasurement('rolling-upgrade-1', report, {
      events: [{ at: T0 + 1200, label: 'kind01-worker down' }, { at: T0 + 2100, label: 'kind01-worker up' }],
      nodes: ['kind01-worker (10.20.0.3): session down 900 ms, path kept stale, 0 failed requests'],
    });
    expect(roll.events).toEqual([{ at: 1200, label: 'kind01-worker down' }, { at: 2100, label: 'kind01-worker up' }]);
    const svg = renderTimeline(roll);
    expect(svg.match(/stroke="#ef6c00"/g)).toHaveLength(2 + 1);
    expect(svg).toContain('>kind01-worker down</text>');
    const md = renderSummary(buildResults(meta, [roll]));
    expect(md).toContain('Per node, rolling-upgrade-1:\n\n- kind01-worker (10.20.0.3): session down 900 ms, path kept stale, 0 failed requests');
  });
});

describe('stat', () => {
  it('gives min, median and max, ignoring missing values', () => {
    expect(stat([3, 1, 2])).toEqual({ n: 3, min: 1, median: 2, max: 3 });
    expect(stat([4, 1, 3, 2])).toEqual({ n: 4, min: 1, median: 2.5, max: 4 });
    expect(stat([Number.NaN])).toBeUndefined();
    expect(renderStats([['x', stat([1, 2, 3]), 'ms']])).toContain('x         1         2         3  ms (3)');
  });
});
