import { describe, expect, it } from 'vitest';
import { formatNodeRestarts, nodeRestarts, type RouterSample } from './node-restarts.ts';
import type { ProbeSample } from './probe-output.ts';

const T0 = 1_795_760_000_000;
const all = ['10.20.0.2', '10.20.0.3'];
const sample = (ms: number, established: string[], paths: [string, boolean][]): RouterSample => ({ at: T0 + ms, established, paths: paths.map(([nextHop, stale]) => ({ nextHop, stale })) });
const nodes = [
  { cluster: 'kind01', node: 'kind01-control-plane', address: '10.20.0.2' },
  { cluster: 'kind01', node: 'kind01-worker', address: '10.20.0.3' },
];
const fail = (ms: number): ProbeSample => ({ at: T0 + ms, ok: false, outcome: 'connect-timeout', latencyMs: 300, error: 'timeout' });
const ok = (ms: number): ProbeSample => ({ at: T0 + ms, ok: true, outcome: 'ok', latencyMs: 2 });

describe('nodeRestarts', () => {
  it('times each node\'s session gap and tells a stale-kept path from a withdrawn one', () => {
    const samples = [
      sample(0, all, [['10.20.0.2', false], ['10.20.0.3', false]]),
      sample(200, ['10.20.0.3'], [['10.20.0.2', true], ['10.20.0.3', false]]),
      sample(400, ['10.20.0.3'], [['10.20.0.2', true], ['10.20.0.3', false]]),
      sample(600, all, [['10.20.0.2', false], ['10.20.0.3', false]]),
      sample(800, ['10.20.0.2'], [['10.20.0.2', false]]),
      sample(1000, all, [['10.20.0.2', false], ['10.20.0.3', false]]),
    ];
    const restarts = nodeRestarts(samples, nodes, [ok(100), fail(850), ok(900)], 300);
    expect(restarts).toStrictEqual([
      { ...nodes[0], downAt: T0 + 200, upAt: T0 + 600, sessionDownMs: 400, path: 'kept stale', failedRequests: 0 },
      { ...nodes[1], downAt: T0 + 800, upAt: T0 + 1000, sessionDownMs: 200, path: 'withdrawn', failedRequests: 1 },
    ]);
    expect(formatNodeRestarts(restarts)).toEqual([
      'kind01-control-plane (10.20.0.2): session down 400 ms, path kept stale, 0 failed requests',
      'kind01-worker (10.20.0.3): session down 200 ms, path withdrawn, 1 failed requests',
    ]);
  });

  it('says when a session never dropped, or never came back', () => {
    const samples = [sample(0, all, []), sample(200, ['10.20.0.2'], [])];
    const [steady, gone] = nodeRestarts(samples, nodes, [], 300);
    expect(steady).toMatchObject({ path: 'kept', failedRequests: 0 });
    expect(steady!.downAt).toBeUndefined();
    expect(gone).toMatchObject({ downAt: T0 + 200, path: 'withdrawn' });
    expect(gone!.sessionDownMs).toBeUndefined();
    expect(formatNodeRestarts([steady!, gone!])).toEqual([
      'kind01-control-plane (10.20.0.2): session down never, path kept, 0 failed requests',
      'kind01-worker (10.20.0.3): session down and not back, path withdrawn, 0 failed requests',
    ]);
  });
});
