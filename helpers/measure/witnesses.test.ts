import { describe, expect, it } from 'vitest';
import type { CapturedConnection } from './capture.ts';
import type { ProbeSample } from './probe-output.ts';
import { compareWitnesses, formatClearedFailures, formatWitnesses, judgeFailures, pairConnections, spacingsToNextFailure } from './witnesses.ts';

const T0 = 1_795_668_200_000;
const SPACING = 20; // 50 requests per second
const sample = (i: number, ok: boolean, latencyMs = ok ? 3 : 300): ProbeSample => ({ at: T0 + i * SPACING, ok, outcome: ok ? 'ok' : 'connect-timeout', latencyMs });
const conn = (i: number, failed: boolean, delayMs = 0.3): CapturedConnection => ({ port: 40000 + i, synAt: T0 + i * SPACING + delayMs, answered: !failed, finished: !failed });

/** 100 connections; from 20 to 79 every connection on a dead next hop (i % 5 < 2: 40%) fails. */
const failsAt = (i: number) => i >= 20 && i < 80 && i % 5 < 2;
const samples = Array.from({ length: 100 }, (_, i) => sample(i, !failsAt(i)));
const conns = Array.from({ length: 100 }, (_, i) => conn(i, failsAt(i)));
const range = { from: T0, until: T0 + 100 * SPACING };

describe('pairConnections', () => {
  it('pairs the n-th request with the n-th SYN', () => {
    const pairs = pairConnections(samples, conns, SPACING)!;
    expect(pairs).toHaveLength(100);
    expect(pairs[20]).toEqual({ at: T0 + 400, synAt: T0 + 400.3, probeFailed: true, routerFailed: true, outcome: 'connect-timeout', latencyMs: 300, answered: false, finished: false });
  });

  it('pairs nothing when the capture lost connections or the order does not hold', () => {
    expect(pairConnections(samples, conns.slice(3), SPACING)).toBeUndefined();
    expect(pairConnections(samples, conns.filter((_, i) => i % 2 === 0), SPACING)).toBeUndefined();
    // Every SYN a spacing later than its request: off by one.
    expect(pairConnections(samples, conns.map((c) => ({ ...c, synAt: c.synAt + SPACING })), SPACING)).toBeUndefined();
  });

  // The probe notes each connection's source port (images/client/probe.ts).
  const withPort = (s: ProbeSample, i: number): ProbeSample => ({ ...s, port: 40000 + i });
  it('pairs by source port whatever the capture lost, and however late a busy client\'s SYN left', () => {
    const late = conns.map((c) => ({ ...c, synAt: c.synAt + 3 * SPACING }));
    const pairs = pairConnections(samples.map(withPort), late.filter((_, i) => i % 2 === 0), SPACING)!;
    expect(pairs).toHaveLength(50);
    expect(new Set(pairs.map((p) => Math.round((p.synAt - p.at) * 10) / 10))).toEqual(new Set([3 * SPACING + 0.3]));
  });

  it('pairs a port handed out again with the connection that followed the request, not the earlier one', () => {
    const reused = [sample(0, true), sample(10, false)].map((s) => ({ ...s, port: 41000 }));
    const captured = [conn(0, false), conn(10, true)].map((c) => ({ ...c, port: 41000 }));
    expect(pairConnections(reused, captured, SPACING)!.map((p) => [p.probeFailed, p.routerFailed])).toEqual([[false, false], [true, true]]);
  });
});

describe('judgeFailures', () => {
  const at = (i: number) => T0 + i * SPACING;
  const timeout = (i: number, port?: number): ProbeSample => ({ at: at(i), ok: false, outcome: 'timeout', latencyMs: 1100, ...(port === undefined ? {} : { port }) });
  const captured = (i: number, port: number, answered: boolean, finished = answered): CapturedConnection => ({ port, synAt: at(i) + 0.3, answered, finished });

  it('clears a give-up on a connection the router saw answered and closed, and one that never opened a connection', () => {
    const v = judgeFailures([timeout(0, 40000), timeout(1), sample(2, true)], [captured(0, 40000, true)]);
    expect(v.confirmed).toEqual([]);
    expect(v.lateAnswers.map((s) => s.at)).toEqual([at(0)]);
    expect(v.neverOpened.map((s) => s.at)).toEqual([at(1)]);
    expect(formatClearedFailures(v)).toBe('not counted as failures (a busy client, not the lab): 1 given up on though the router saw their server answer and close them, 1 given up on before they opened a connection');
  });

  it('counts a connection the VIP never answered, one its server never closed, one the capture lacks, and every reset', () => {
    const reset: ProbeSample = { at: at(3), ok: false, outcome: 'reset', latencyMs: 5, port: 40003 };
    const v = judgeFailures(
      [timeout(0, 40000), timeout(1, 40001), timeout(2, 40002), reset],
      [captured(0, 40000, false), captured(1, 40001, true, false), captured(3, 40003, true)],
    );
    expect(v.confirmed.map((s) => s.at)).toEqual([at(0), at(1), at(2), at(3)]);
    expect(formatClearedFailures(v)).toBe('');
  });

  it('counts every failure without a capture, or without ports to pair by', () => {
    expect(judgeFailures([timeout(0, 40000)], undefined).confirmed).toHaveLength(1);
    expect(judgeFailures([timeout(0)], [captured(0, 40000, true)]).confirmed).toHaveLength(1);
  });
});

describe('spacingsToNextFailure', () => {
  it('is the request spacings within which the next failure comes with 99% likelihood', () => {
    expect(spacingsToNextFailure(0.4)).toBe(10);
    expect(spacingsToNextFailure(0.5)).toBe(7);
    expect(spacingsToNextFailure(1)).toBe(1);
  });
});

describe('compareWitnesses', () => {
  it('finds no disagreement when both saw the same connections fail, and reports the differences', () => {
    const w = compareWitnesses(samples, conns, range, { rate: 50, timeoutMs: 300 });
    expect(w).toMatchObject({ paired: true, probeFailures: 24, routerFailures: 24, probeOnly: 0, routerOnly: 0, firstDiffMs: 0.3, lastDiffMs: 0.3, windowDiffMs: 0, delayMedianMs: 0.3, delayMaxMs: 0.3, disagreements: [] });
    // 0.3 ms measured + 0.001 ms capture resolution, + the probe's 300 + 100 ms give-up time,
    // + 9 spacings at the window's failed share (24 of 57 requests, 42%).
    expect(w.resolvableMs).toBe(580.3);
    expect(formatWitnesses(w)).toContain('first failure +0.3 ms, last +0.3 ms, window +0 ms; resolvable 580.3 ms');
    expect(w.edges).toEqual([]);
  });

  it('leaves out of the probe\'s window a request it gave up on though the router saw its server answer and close it', () => {
    // A dead next hop never answers: request 17 was the probe's lateness (a busy client), not the disruption.
    const late = samples.map((s, i) => (i === 17 ? sample(17, false, 301) : s));
    const w = compareWitnesses(late, conns, range, { rate: 50, timeoutMs: 300 });
    expect(w).toMatchObject({ probeFailures: 25, routerFailures: 24, probeOnly: 1, probeGaveUpOnAnswered: 1, firstDiffMs: 0.3, disagreements: [] });
    expect(formatWitnesses(w)).toContain('judged failed by the probe only 1 (of which it gave up on 1 its server answered: not in its window), by the router only 0');
  });

  it('accepts an edge connection judged differently: a reset the capture saw closed moves the probe\'s edge a few spacings', () => {
    const reset = samples.map((s, i) => (i === 17 ? { ...sample(17, false, 12), outcome: 'reset' as const } : s));
    const w = compareWitnesses(reset, conns, range, { rate: 50, timeoutMs: 300 });
    expect(w.firstDiffMs).toBe(60.3);
    expect(w.edges).toEqual(["the probe's first failure (reset after 12 ms) was answered and closed by the server on the router's capture"]);
    expect(w.disagreements).toEqual([]);
  });

  it('accepts a request in flight when the node died, stamped at its start, that the capture saw closed', () => {
    // Request 5 started 300 ms before the first dead-hop connection and was reset when its server died;
    // the dying server's kernel sent a FIN, so the capture saw it answered and closed.
    const inFlight = samples.map((s, i) => (i === 5 ? { ...sample(5, false, 320), outcome: 'reset' as const } : s));
    const w = compareWitnesses(inFlight, conns, range, { rate: 50, timeoutMs: 300 });
    expect(w.firstDiffMs).toBe(300.3);
    expect(w.edges).toEqual(["the probe's first failure (reset after 320 ms) was answered and closed by the server on the router's capture"]);
    expect(w.disagreements).toEqual([]);
  });

  it('takes a busy client\'s longest failed request into the resolvable amount', () => {
    // Seen on a loaded 2-core machine: a request in flight when its server died took the probe 573 ms
    // to give up on (the dying server closed it, so the capture saw it closed); its edge lies 360 ms before the router's.
    const busy = samples.map((s, i) => (i === 2 ? { ...sample(2, false, 572.8), outcome: 'reset' as const } : s));
    const w = compareWitnesses(busy, conns, range, { rate: 50, timeoutMs: 300 });
    expect(w.firstDiffMs).toBe(360.3);
    // 0.3 + 572.8 + 12 spacings (the window now runs from request 2: 25 failures in 75 requests, 33%).
    expect(w.resolvableMs).toBe(813.1);
    expect(w.resolvableTerms).toContain('572.8 ms for a connection in flight at an edge (the longest failed request; the probe gives up at 400 ms)');
    expect(w.disagreements).toEqual([]);
  });

  it('says so when the probe\'s failures are mostly connections the router saw served', () => {
    // The router saw failures only from connection 70 on: a second of the probe's failures it saw answered.
    const routerLate = Array.from({ length: 100 }, (_, i) => conn(i, failsAt(i) && i >= 70));
    const w = compareWitnesses(samples, routerLate, range, { rate: 50, timeoutMs: 300 });
    expect(w.disagreements).toEqual([
      'the probe gave up on 20 requests the router\'s capture saw answered and closed by their servers, more than the 4 both saw fail: the probe saw a disruption the router did not (or a client too busy to measure)',
    ]);
  });

  it('says so when the windows differ by more than the run resolves', () => {
    // The probe's first second of failures were resets (a server closing without an answer), which the
    // capture saw as closed: they stay in the probe's window, a second before the router's.
    const resets = samples.map((s, i) => (failsAt(i) && i < 70 ? { ...s, outcome: 'reset' as const, latencyMs: 5 } : s));
    const routerLate = Array.from({ length: 100 }, (_, i) => conn(i, failsAt(i) && i >= 70));
    const w = compareWitnesses(resets, routerLate, range, { rate: 50, timeoutMs: 300 });
    expect(w.disagreements).toEqual([
      "first failure: the router's capture later than the probe by 1000.3 ms, beyond the 580.3 ms this run resolves (0.3 ms stamp-to-SYN delay (the longest over 100 paired connections) + 400 ms for a connection in flight at an edge (the probe's give-up time, timeout + 100 ms) + 180 ms to the next failure (9 request spacings of 20 ms: 99% likely at the window's failed share 42%))",
    ]);
    expect(w.probeOnly).toBe(20);
  });

  it('says so when the capture saw no failure at all', () => {
    const none = Array.from({ length: 100 }, (_, i) => conn(i, false));
    expect(compareWitnesses(samples, none, range, { rate: 50, timeoutMs: 300 }).disagreements).toEqual([
      "the router's capture saw every one of 100 connections answered and closed while the probe saw 24 fail",
      "the probe gave up on 24 requests the router's capture saw answered and closed by their servers, more than the 0 both saw fail: the probe saw a disruption the router did not (or a client too busy to measure)",
    ]);
  });

  it('takes the delay it measured on a busy machine into the resolvable amount', () => {
    // The probe stalled for 45 ms at request 50: it and the two due meanwhile leave together, in order.
    const slow = conns.map((c, i) => (i >= 50 && i <= 52 ? { ...c, synAt: T0 + 50 * SPACING + 45.3 } : c));
    const w = compareWitnesses(samples, slow, range, { rate: 50, timeoutMs: 300 });
    expect(w.delayMaxMs).toBe(45.3);
    expect(w.resolvableMs).toBe(625.3);
  });

  it('falls back to one spacing for timing when the capture lost connections', () => {
    const w = compareWitnesses(samples, conns.filter((_, i) => i !== 5), range, { rate: 50, timeoutMs: 300 });
    expect(w.paired).toBe(false);
    expect(w.resolvableMs).toBe(600);
    expect(w.disagreements).toEqual([]);
  });

  it('judges only the range the figures judge', () => {
    const w = compareWitnesses(samples, conns, { from: T0 + 41 * SPACING, until: T0 + 61 * SPACING }, { rate: 50, timeoutMs: 300 });
    expect(w).toMatchObject({ probeFailures: 8, routerFailures: 8, firstDiffMs: 0.3, lastDiffMs: 0.3 });
  });
});
