// Two independent witnesses of one disruption: the probe in the client (each
// request's start on its clock, and its outcome) and the router's capture (each
// connection's first SYN on the router kernel's clock, and whether the VIP
// answered and closed it). How closely they can agree is not a constant of
// ours: it follows from what each resolves in this run.
//
// - Timing one connection. Both read the same kernel clock (containers share
//   the host's kernel). The probe stamps a request just before it opens the
//   connection; its SYN leaves once the probe's event loop gets to it, which on
//   a busy machine can take tens, even hundreds of milliseconds (seen: 405 ms
//   with the load average at 22 on 2 cores). The capture stamps to the
//   microsecond. The probe opens its connections in order, so the n-th request
//   is the n-th SYN: this run's stamp-to-SYN delays are measured, not assumed.
// - A connection in flight at an edge of the disruption. Both witnesses stamp a
//   connection at its start, and one that was running when a node died fails up
//   to the probe's give-up time (its timeout + 100 ms, images/client/probe.ts)
//   after that stamp; on a busy client the probe gives up later still, so the
//   term is the longest a failed request ran in this run, at least that give-up
//   time. Its packets may tell the capture otherwise: the capture reads a FIN at
//   the server's first sequence number (a dying server's kernel closing the
//   socket) as no answer, but a server that dies mid-answer can still look
//   closed to it.
// - Which connection is the next to fail. A witness that judged an edge
//   connection ok puts its edge at the next connection that failed. With a
//   share p of the connections failing, that one comes within
//   k = ln(0.01) / ln(1 - p) request spacings with 99% likelihood: at 50
//   requests/s and p = 0.4, 10 spacings, 200 ms.
// - A request the probe gave up on (a timeout) although the capture saw its
//   server answer and close it: a dead next hop never answers, so this is a busy
//   client or server, not the disruption. Such requests leave the probe's window
//   alone and are counted apart; more of them than failures both witnesses saw
//   means the probe saw a disruption the router did not.
// - The action's own stamp and the exec round trips that start the probe and
//   the capture do not enter: each witness stamps every connection itself, and
//   the capture is open before the probe's first request.
// So the edges of the two windows may differ by the measured stamp-to-SYN delay,
// the longest failed request and those k spacings; beyond that, the two did
// not see the same disruption.
import type { CapturedConnection } from './capture.ts';
import type { ProbeSample } from './probe-output.ts';

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One connection as both witnesses saw it. */
export interface PairedConnection {
  /** The probe's stamp of the request's start, epoch ms. */
  readonly at: number;
  /** The router's stamp of its first SYN, epoch ms. */
  readonly synAt: number;
  readonly probeFailed: boolean;
  readonly routerFailed: boolean;
  /** The probe's outcome and latency. */
  readonly outcome: string;
  readonly latencyMs: number;
  /** What the capture saw of it. */
  readonly answered: boolean;
  readonly finished: boolean;
}

/** How far the probe's stamp of a request may precede its SYN on the router's clock and still be it: the same kernel clock, read by two processes. */
const PORT_PAIRING_SLEW_MS = 50;

/**
 * The probe's requests and the captured connections, paired. Requests that carry their connection's
 * source port (images/client/probe.ts) are paired by it: the first captured connection from that port
 * whose SYN is not before the request's stamp (a port is handed out again once an earlier connection
 * freed it). Exact however many connections the capture or the probe lost; a request left unpaired
 * either never opened its connection (no port) or its SYN is not in the capture. Requests without
 * ports (older recordings) are paired in order, the n-th request with the n-th SYN, only when the
 * capture holds exactly as many connections and the pairing is plausible: no SYN before its request's
 * stamp (beyond half a request spacing of clock slew) and a median delay under half a spacing (a
 * pairing off by one connection shows as delays of a whole spacing); undefined otherwise. Pure.
 */
export function pairConnections(samples: readonly ProbeSample[], conns: readonly CapturedConnection[], spacingMs: number): PairedConnection[] | undefined {
  if (samples.length === 0) return undefined;
  const byStart = [...samples].sort((a, b) => a.at - b.at);
  const bySyn = [...conns].sort((a, b) => a.synAt - b.synAt);
  if (byStart.some((s) => s.port !== undefined)) {
    const byPort = pairByPort(byStart, bySyn);
    return byStart.flatMap((s) => {
      const c = byPort.get(s);
      return c ? [paired(s, c)] : [];
    });
  }
  if (samples.length !== conns.length) return undefined;
  const delays = byStart.map((s, i) => bySyn[i]!.synAt - s.at);
  if (Math.min(...delays) < -spacingMs / 2 || median(delays.map(Math.abs)) >= spacingMs / 2) return undefined;
  return byStart.map((s, i) => paired(s, bySyn[i]!));
}

/** Each request with a port, to its captured connection (see pairConnections). */
function pairByPort(samples: readonly ProbeSample[], conns: readonly CapturedConnection[]): Map<ProbeSample, CapturedConnection> {
  const bySyn = [...conns].sort((a, b) => a.synAt - b.synAt);
  const taken = new Set<CapturedConnection>();
  const pairs = new Map<ProbeSample, CapturedConnection>();
  for (const s of [...samples].sort((a, b) => a.at - b.at)) {
    const c = s.port === undefined ? undefined : bySyn.find((x) => x.port === s.port && !taken.has(x) && x.synAt >= s.at - PORT_PAIRING_SLEW_MS);
    if (!c) continue;
    taken.add(c);
    pairs.set(s, c);
  }
  return pairs;
}

function paired(s: ProbeSample, c: CapturedConnection): PairedConnection {
  return { at: s.at, synAt: c.synAt, probeFailed: !s.ok, routerFailed: !c.answered || !c.finished, outcome: s.outcome, latencyMs: s.latencyMs, answered: c.answered, finished: c.finished };
}

/** A probe failure the router's capture can clear: the probe gave up waiting. Any other outcome (a reset, a refusal, no route) is the lab's answer. */
const isGiveUp = (s: ProbeSample) => s.outcome === 'timeout' || s.outcome === 'connect-timeout';

/** The probe's failed requests, judged with the router's capture of the same connections. */
export interface FailureVerdicts {
  /** Failures that count: the capture saw the connection fail, or cannot tell. */
  readonly confirmed: readonly ProbeSample[];
  /** Requests the probe gave up on though the router saw the server answer and close their connection: a client too busy to read its answer in time, not the lab. */
  readonly lateAnswers: readonly ProbeSample[];
  /** Requests the probe gave up on before it opened their connection: no SYN left the client, so nothing of the lab was asked. */
  readonly neverOpened: readonly ProbeSample[];
}

/**
 * Which of the probe's failures count against the lab. A connection is the lab's to deliver once
 * its SYN left the client: the router's capture of that connection says whether the VIP answered
 * and its server closed the exchange. Only a give-up can be cleared, and only with that evidence for
 * that very connection (paired by source port): an answered and closed connection the probe gave up
 * on is a late answer, a request that never opened a connection was never sent. Without a capture,
 * or without ports to pair by, every failure counts. Pure.
 */
export function judgeFailures(samples: readonly ProbeSample[], conns: readonly CapturedConnection[] | undefined): FailureVerdicts {
  const failed = samples.filter((s) => !s.ok);
  if (!conns || !samples.some((s) => s.port !== undefined)) return { confirmed: failed, lateAnswers: [], neverOpened: [] };
  const byPort = pairByPort(samples, conns);
  const lateAnswers = failed.filter((s) => isGiveUp(s) && byPort.get(s)?.answered === true && byPort.get(s)?.finished === true);
  const neverOpened = failed.filter((s) => isGiveUp(s) && s.port === undefined);
  const cleared = new Set([...lateAnswers, ...neverOpened]);
  return { confirmed: failed.filter((s) => !cleared.has(s)), lateAnswers, neverOpened };
}

/** The failures the router's capture cleared, as counts: a judgement's or a report's. */
export interface ClearedCounts {
  readonly lateAnswers: number | readonly unknown[];
  readonly neverOpened: number | readonly unknown[];
}

/** "not counted as failures (...): 3 given up on though ..., 1 given up on before ...": for a scenario's log; empty when none. */
export function formatClearedFailures(v: ClearedCounts): string {
  const count = (n: number | readonly unknown[]) => (typeof n === 'number' ? n : n.length);
  const parts = [
    ...(count(v.lateAnswers) > 0 ? [`${count(v.lateAnswers)} given up on though the router saw their server answer and close them`] : []),
    ...(count(v.neverOpened) > 0 ? [`${count(v.neverOpened)} given up on before they opened a connection`] : []),
  ];
  return parts.length > 0 ? `not counted as failures (a busy client, not the lab): ${parts.join(', ')}` : '';
}

export interface WitnessSettings {
  /** The probe's requests per second. */
  readonly rate: number;
  /** The probe's per-request timeout, ms: it gives up on a request this + 100 ms after its start at the latest. */
  readonly timeoutMs: number;
}

/** The probe's own margin over its timeout before it aborts a request (images/client/probe.ts: AbortSignal.timeout(timeoutMs + 100)). */
export const PROBE_ABORT_MARGIN_MS = 100;

export interface WitnessComparison {
  /** Requests the probe made, connections the router captured. */
  readonly probeConnections: number;
  readonly capturedConnections: number;
  /** Every request was paired with its captured connection, in order (pairConnections). */
  readonly paired: boolean;
  /** How many were paired. */
  readonly pairedConnections: number;
  /** Stamp to SYN over the paired connections, ms: how closely the two witnesses time one connection. */
  readonly delayMedianMs?: number;
  readonly delayMaxMs?: number;
  /** Failed connections of each witness within the judged range (the probe's: all it counted). */
  readonly probeFailures: number;
  readonly routerFailures: number;
  /** Paired connections judged failed by one witness only. */
  readonly probeOnly?: number;
  /** Of those, requests the probe gave up on though the router saw their server answer and close them (not in the probe's window). */
  readonly probeGaveUpOnAnswered?: number;
  readonly routerOnly?: number;
  /** Router minus probe, ms: first failure, last failure, window. */
  readonly firstDiffMs?: number;
  readonly lastDiffMs?: number;
  readonly windowDiffMs?: number;
  /** How far the window edges may differ in this run, ms, and what it is made of. */
  readonly resolvableMs: number;
  readonly resolvableTerms: string;
  /** Paired: an edge connection the two judged differently, one line each (why the edges differ). */
  readonly edges: readonly string[];
  /** Why the two did not see the same disruption, one line each; empty when they did. */
  readonly disagreements: readonly string[];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Spacings to the next failed connection with 99% likelihood when a share p of them fail. */
export function spacingsToNextFailure(p: number): number {
  if (p >= 0.99) return 1;
  return Math.ceil(Math.log(0.01) / Math.log(1 - Math.max(p, 0.01)));
}

/** The probe gave up on a connection the router saw answered and closed by its server: a busy client or server, never a dead next hop. */
function gaveUpOnAnswer(p: PairedConnection): boolean {
  return p.probeFailed && p.answered && p.finished && (p.outcome === 'timeout' || p.outcome === 'connect-timeout');
}

/**
 * Compares the two witnesses over the connections the disruption's figures judge: requests still
 * running at the action or started after it (`from`: the first such request's start), whose SYN
 * left before `until` (later ones the capture cannot judge). When the connections are paired, a
 * request the probe gave up on though the router saw its server answer and close it is the probe's
 * own lateness, not the disruption: it is counted apart and leaves the probe's window alone. Pure.
 */
export function compareWitnesses(
  samples: readonly ProbeSample[], conns: readonly CapturedConnection[], range: { readonly from: number; readonly until: number }, settings: WitnessSettings,
): WitnessComparison {
  const spacing = 1000 / settings.rate;
  const pairs = pairConnections(samples, conns, spacing);
  const inRange = (at: number) => at >= range.from && at < range.until;
  const judgedPairs = pairs?.filter((p) => inRange(p.at));
  const late = new Set((judgedPairs ?? []).filter(gaveUpOnAnswer).map((p) => p.at));
  const failedInRange = samples.filter((s) => !s.ok && inRange(s.at));
  const disruptionFailures = failedInRange.filter((s) => !late.has(s.at));
  const probeFailed = disruptionFailures.map((s) => s.at).sort((a, b) => a - b);
  // Paired: the router's verdict on the probe's own requests in range. Not paired: its connections by SYN time.
  const routerFailed = (judgedPairs ? judgedPairs.filter((p) => p.routerFailed).map((p) => p.synAt) : conns.filter((c) => (!c.answered || !c.finished) && inRange(c.synAt)).map((c) => c.synAt)).sort((a, b) => a - b);
  const delays = pairs?.map((p) => p.synAt - p.at) ?? [];
  // Timing one connection: this run's worst stamp-to-SYN delay, or a whole spacing when the connections could not be paired.
  const timing = pairs ? Math.max(...delays.map(Math.abs)) + 0.001 : spacing;
  const pf = probeFailed[0];
  const pl = probeFailed.at(-1);
  const windowed = pf !== undefined && pl !== undefined ? samples.filter((s) => inRange(s.at) && s.at >= pf && s.at <= pl) : [];
  const share = windowed.length > 0 ? windowed.filter((s) => !s.ok && !late.has(s.at)).length / windowed.length : 1;
  const k = spacingsToNextFailure(share);
  const giveUp = settings.timeoutMs + PROBE_ABORT_MARGIN_MS;
  const longestFailed = Math.max(0, ...disruptionFailures.map((s) => s.latencyMs));
  const inFlight = Math.max(giveUp, longestFailed);
  const resolvableMs = round(timing + inFlight + k * spacing);
  const resolvableTerms = `${pairs ? `${round(timing)} ms stamp-to-SYN delay (the longest over ${pairs.length} paired connections)` : `${round(spacing)} ms for timing one connection (a request spacing: the capture's connections could not be paired with the probe's requests)`}`
    + ` + ${round(inFlight)} ms for a connection in flight at an edge (${longestFailed > giveUp ? `the longest failed request; the probe gives up at ${giveUp} ms` : 'the probe\'s give-up time, timeout + 100 ms'})`
    + ` + ${round(k * spacing)} ms to the next failure (${k} request spacings of ${round(spacing)} ms: 99% likely at the window's failed share ${Math.round(share * 100)}%)`;

  const rf = routerFailed[0];
  const rl = routerFailed.at(-1);
  const disagreements: string[] = [];
  if (failedInRange.length > 0 && routerFailed.length === 0) {
    disagreements.push(`the router's capture saw every one of ${judgedPairs ? judgedPairs.length : conns.filter((c) => inRange(c.synAt)).length} connections answered and closed while the probe saw ${failedInRange.length} fail`);
  }
  if (failedInRange.length === 0 && routerFailed.length > 0) {
    disagreements.push(`the router's capture saw ${routerFailed.length} connections fail while the probe saw none`);
  }
  // A few late give-ups are a busy client; more of them than failures both saw is a disruption the router did not see.
  const bothFailed = (judgedPairs ?? []).filter((p) => p.probeFailed && p.routerFailed).length;
  if (judgedPairs && late.size > 0 && late.size >= bothFailed) {
    disagreements.push(`the probe gave up on ${late.size} requests the router's capture saw answered and closed by their servers, more than the ${bothFailed} both saw fail: the probe saw a disruption the router did not (or a client too busy to measure)`);
  }
  const diff = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? round(a - b) : undefined);
  const firstDiffMs = diff(rf, pf);
  const lastDiffMs = diff(rl, pl);
  const windowDiffMs = rf !== undefined && rl !== undefined && pf !== undefined && pl !== undefined ? round((rl - rf) - (pl - pf)) : undefined;
  for (const [which, d] of [['first', firstDiffMs], ['last', lastDiffMs]] as const) {
    if (d !== undefined && Math.abs(d) > resolvableMs) {
      disagreements.push(`${which} failure: the router's capture ${d > 0 ? 'later' : 'earlier'} than the probe by ${Math.abs(d)} ms, beyond the ${resolvableMs} ms this run resolves (${resolvableTerms})`);
    }
  }
  const router = (p: PairedConnection) => (!p.answered ? 'never answered' : !p.finished ? 'answered, never closed by the server' : 'answered and closed by the server');
  const edges = (judgedPairs ?? []).flatMap((p) => {
    const which = p.at === pf ? 'first' : p.at === pl ? 'last' : p.synAt === rf ? 'first' : p.synAt === rl ? 'last' : undefined;
    if (!which || p.probeFailed === p.routerFailed) return [];
    return [p.probeFailed
      ? `the probe's ${which} failure (${p.outcome} after ${p.latencyMs} ms) was ${router(p)} on the router's capture`
      : `the router's ${which} failure (${router(p)}) was ok for the probe (${p.latencyMs} ms)`];
  });
  return {
    probeConnections: samples.length,
    capturedConnections: conns.length,
    paired: pairs !== undefined,
    pairedConnections: pairs?.length ?? 0,
    ...(pairs ? { delayMedianMs: round(median(delays)), delayMaxMs: round(Math.max(...delays)) } : {}),
    probeFailures: failedInRange.length,
    routerFailures: routerFailed.length,
    ...(judgedPairs ? {
      probeGaveUpOnAnswered: late.size,
      probeOnly: judgedPairs.filter((p) => p.probeFailed && !p.routerFailed).length,
      routerOnly: judgedPairs.filter((p) => p.routerFailed && !p.probeFailed).length,
    } : {}),
    ...(firstDiffMs === undefined ? {} : { firstDiffMs }),
    ...(lastDiffMs === undefined ? {} : { lastDiffMs }),
    ...(windowDiffMs === undefined ? {} : { windowDiffMs }),
    resolvableMs,
    resolvableTerms,
    edges,
    disagreements,
  };
}

/** "router capture vs probe: failures 373 vs 374; first failure +0.3 ms, last +0.4 ms, window +0.1 ms; resolvable 575 ms (...); ...". */
export function formatWitnesses(w: WitnessComparison): string {
  const signed = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${ms >= 0 ? '+' : ''}${ms} ms`);
  const pairing = w.paired
    ? `${w.pairedConnections} requests paired with their captured connections, stamp-to-SYN median ${w.delayMedianMs} ms, max ${w.delayMaxMs} ms; judged failed by the probe only ${w.probeOnly} (of which it gave up on ${w.probeGaveUpOnAnswered} its server answered: not in its window), by the router only ${w.routerOnly}`
    : `not paired (${w.probeConnections} requests, ${w.capturedConnections} captured connections)`;
  return `router capture vs probe: failures ${w.routerFailures} vs ${w.probeFailures}; first failure ${signed(w.firstDiffMs)}, last ${signed(w.lastDiffMs)}, window ${signed(w.windowDiffMs)}; resolvable ${w.resolvableMs} ms (${w.resolvableTerms}); ${pairing}${w.edges.length > 0 ? `; ${w.edges.join('; ')}` : ''}`;
}
