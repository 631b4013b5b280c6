// Per-node evidence of a restart (one speaker restarting, a rolling upgrade),
// read from what records the event rather than from samples that must catch
// it: the router's per-neighbour counters and timestamps before and after (how
// often each session came up and dropped, since when it is up, its last reset
// and why, End-of-RIB received), the router's log of session changes, each
// speaker's own start time and version, and the VIP's kernel next-hop change
// log the route watcher keeps. A restart faster than any sampling interval is
// still counted. Figures (how long a session was down, how many requests failed
// meanwhile) come from the same records; they are figures, never the judgement.
import type { NeighborHistory, NextHopChange, SessionEvent } from '../bgp/model.ts';
import type { SpeakerRun } from '../providers/types.ts';
import type { ProbeSample } from './probe-output.ts';

export interface RestartedNode {
  readonly cluster: string;
  readonly node: string;
  readonly address: string;
  /** The provider predicts the node announces the VIP: only then can the VIP's path be kept or withdrawn. */
  readonly announcesVip: boolean;
  /** The setting that decides graceful restart for the node's session, for messages ("gracefulRestart in <file> (CiliumBGPPeerConfig <name>)"). */
  readonly setting: string;
}

/** What the router and the nodes' speakers recorded, read at one moment. */
export interface RestartRecord {
  /** Epoch ms when the reading was made. */
  readonly at: number;
  readonly neighbors: readonly NeighborHistory[];
  /** Node name to the speaker running on it (undefined: none ran). */
  readonly speakers: Readonly<Record<string, SpeakerRun | undefined>>;
}

export type PathOutcome = 'kept' | 'withdrawn' | 'not announced' | 'not watched';

export interface NodeRestart extends RestartedNode {
  /** The speaker running after is another process than before (its own start time says so). */
  readonly speakerRestarted: boolean;
  /** Epoch ms the speaker running after started, and what it runs. */
  readonly speakerStartedAt?: number;
  readonly speakerVersion?: string;
  /** The router recorded the session dropping and coming back, and it is Established now. */
  readonly sessionCameBack: boolean;
  /** What the router recorded, in words, for messages and logs. */
  readonly recorded: string;
  /** Epoch ms the router recorded the session down, and up again (its log, to the millisecond; else its counters, to the second). */
  readonly downAt?: number;
  readonly upAt?: number;
  /** upAt - downAt, ms. */
  readonly sessionDownMs?: number;
  /** Why the session dropped, in the router's words. */
  readonly resetReason?: string;
  /** The router recorded keeping the node's paths as stale when the session dropped (its graceful-restart helper). */
  readonly pathsKeptByRouter?: boolean;
  /** End-of-RIB was received on the session that came back. */
  readonly endOfRib: boolean;
  /** What the speaker's OPEN on the session that came back said: restarting (R) and forwarding state preserved (F). */
  readonly openBits?: { readonly restart?: boolean; readonly forwarding?: boolean };
  /** The VIP's kernel route over the disruption: it kept the node's next hop throughout, lost it, or the node announces no VIP. */
  readonly path: PathOutcome;
  /** Epoch ms the kernel route was first seen without the node's next hop (withdrawn). */
  readonly withdrawnAt?: number;
  /** Failed requests started while the session was down (or within a probe timeout before). */
  readonly failedRequests: number;
}

export interface RestartEvidence {
  readonly nodes: readonly RestartedNode[];
  /** Read before the disruption, and once it is over. */
  readonly before: RestartRecord;
  readonly after: RestartRecord;
  /** The router's logged session changes since `before` was read. */
  readonly events: readonly SessionEvent[];
  /** The VIP's kernel next-hop changes the route watcher recorded over the disruption. */
  readonly nextHopChanges: readonly NextHopChange[];
  readonly probe: readonly ProbeSample[];
  readonly probeTimeoutMs: number;
}

/** FRR's epoch of a session start is whole seconds computed from an uptime in whole seconds: two readings of one session differ by up to 1 s. */
const ESTABLISHED_AT_JITTER_MS = 1000;

/** Epoch ms as the time of day, UTC, to the millisecond ("10:56:49.415"). */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

function describeRecord(before: NeighborHistory | undefined, after: NeighborHistory | undefined, down: SessionEvent | undefined, up: SessionEvent | undefined, since: number): string {
  const counters = !after
    ? 'no neighbour for it now'
    : before
      ? `sessions established ${before.establishedCount} -> ${after.establishedCount}, dropped ${before.droppedCount} -> ${after.droppedCount}, ${after.state} now`
      : `no neighbour for it before, established ${after.establishedCount}, dropped ${after.droppedCount}, ${after.state} now`;
  const log = down
    ? `its log: down at ${clock(down.at)} (${down.reason ?? 'no reason given'})${up ? `, up at ${clock(up.at)}` : ', not up since'}`
    : `its log: no session change since ${clock(since)}`;
  return `${counters}; ${log}`;
}

/** Pure: each node's restart, judged from the records before and after. */
export function nodeRestarts(evidence: RestartEvidence): NodeRestart[] {
  const { before, after, events, nextHopChanges, probe, probeTimeoutMs } = evidence;
  return evidence.nodes.map((n): NodeRestart => {
    const b = before.neighbors.find((h) => h.address === n.address);
    const a = after.neighbors.find((h) => h.address === n.address);
    const mine = events.filter((e) => e.neighbor === n.address && e.at >= before.at).sort((x, y) => x.at - y.at);
    const down = mine.find((e) => e.kind === 'down');
    const up = down ? mine.find((e) => e.kind === 'up' && e.at >= down.at) : undefined;
    const eor = up ? mine.find((e) => e.kind === 'end-of-rib' && e.at >= up.at) : undefined;
    // The counters: another Established session on the same neighbour.
    const counted = b !== undefined && a !== undefined && a.establishedCount > b.establishedCount;
    // A neighbour made anew (a listen-range neighbour dropped without graceful restart): its counters
    // start again, but its session began well after the one read before.
    const remade = !counted && b?.establishedAt !== undefined && a?.establishedAt !== undefined && a.establishedAt - b.establishedAt > ESTABLISHED_AT_JITTER_MS;
    const established = a?.state === 'Established';
    const sessionCameBack = established && (counted || remade || up !== undefined);
    const downAt = down?.at ?? (counted ? a!.lastReset?.at : undefined);
    const upAt = up?.at ?? (counted || remade ? a!.establishedAt : undefined);
    const resetReason = down?.reason ?? (counted ? a!.lastReset?.reason : undefined);
    const pathsKeptByRouter = down?.pathsKept ?? (counted ? a!.lastReset?.pathsKept : undefined);
    const sb = before.speakers[n.node];
    const sa = after.speakers[n.node];
    const lost = n.announcesVip ? nextHopChanges.find((c) => !c.nextHops.includes(n.address)) : undefined;
    const path: PathOutcome = !n.announcesVip ? 'not announced' : nextHopChanges.length === 0 ? 'not watched' : lost ? 'withdrawn' : 'kept';
    const from = downAt !== undefined ? downAt - probeTimeoutMs : Number.POSITIVE_INFINITY;
    const to = upAt ?? Number.POSITIVE_INFINITY;
    return {
      ...n,
      speakerRestarted: sa !== undefined && (sb === undefined || sa.startedAt > sb.startedAt),
      ...(sa ? { speakerStartedAt: sa.startedAt, speakerVersion: sa.version } : {}),
      sessionCameBack,
      recorded: describeRecord(b, a, down, up, before.at),
      ...(downAt !== undefined ? { downAt } : {}),
      ...(upAt !== undefined ? { upAt } : {}),
      ...(downAt !== undefined && upAt !== undefined && upAt >= downAt ? { sessionDownMs: upAt - downAt } : {}),
      ...(resetReason !== undefined ? { resetReason } : {}),
      ...(pathsKeptByRouter !== undefined ? { pathsKeptByRouter } : {}),
      endOfRib: sessionCameBack && (a!.gracefulRestart.endOfRibReceived || eor !== undefined),
      ...(sessionCameBack && (a!.gracefulRestart.restartBit !== undefined || a!.gracefulRestart.forwardingPreserved !== undefined)
        ? { openBits: { restart: a!.gracefulRestart.restartBit, forwarding: a!.gracefulRestart.forwardingPreserved } } : {}),
      path,
      ...(lost ? { withdrawnAt: lost.at } : {}),
      failedRequests: probe.filter((s) => !s.ok && s.at >= from && s.at <= to).length,
    };
  });
}

/** What a restart must show, besides each node's session back. */
export interface RestartExpectation {
  /** The version every restarted speaker must run (a rolling upgrade's target). */
  readonly version?: string;
}

/**
 * Pure: one line per thing a node's restart did not show, each starting with the node, then what
 * was expected, what was recorded, and where to look. Empty when every node restarted, its session
 * dropped and came back, the router kept its VIP path as stale (graceful restart) and the VIP's
 * kernel route never lost it, and End-of-RIB ended graceful restart.
 */
export function restartProblems(restarts: readonly NodeRestart[], expectation: RestartExpectation = {}): string[] {
  return restarts.flatMap((r) => {
    const who = `${r.node} (${r.address})`;
    const speaker = r.speakerStartedAt !== undefined ? `its speaker ${r.speakerVersion ?? ''} started at ${clock(r.speakerStartedAt)}` : 'no speaker runs on it';
    const problems: string[] = [];
    if (!r.speakerRestarted) {
      problems.push(`${who}: expected its BGP speaker to restart, it did not (${speaker}, before the disruption): the provider's restart did not reach the node`);
    } else if (expectation.version !== undefined && r.speakerVersion !== expectation.version) {
      problems.push(`${who}: expected its speaker to run ${expectation.version} after the roll, it runs ${r.speakerVersion ?? 'nothing'} (${speaker})`);
    }
    if (!r.sessionCameBack) {
      problems.push(`${who}: expected the router to record its session dropping and coming back (${speaker}); the router recorded ${r.recorded}`);
      return problems;
    }
    if (r.path === 'withdrawn') {
      // F=0 on the new session: the router drops what it held the moment the session is up (RFC 4724 4.2).
      const reopened = r.openBits?.forwarding === false ? `; the speaker reopened with the F bit clear (R=${r.openBits.restart ? 1 : 0}), so the router dropped the paths it held as soon as the session was up (Cilium's agent sets LocalRestarting on every graceful-restart peer)` : '';
      problems.push(`${who}: expected the VIP's path kept through graceful restart while its speaker restarted; the kernel route lost ${r.address} at ${clock(r.withdrawnAt!)} and the router recorded the drop as "${r.resetReason ?? 'unknown'}"${r.pathsKeptByRouter ? '' : ' (not held by graceful restart)'}${reopened}: look at ${r.setting}`);
    } else if (r.path === 'not watched') {
      problems.push(`${who}: expected the VIP's path kept while its speaker restarted; the route watcher recorded nothing to judge it by`);
    }
    // Judged from the router's record of the OPEN, not from whether the route happened to stay whole: with
    // F clear the router drops what it held at once, and only a re-announcement inside bgpd's processing
    // delay (50 ms) hides it, which a busy machine does not always manage.
    if (r.announcesVip && r.pathsKeptByRouter && r.openBits?.forwarding === false && r.path !== 'withdrawn') {
      problems.push(`${who}: expected its speaker to reopen the session with the F bit set (forwarding state preserved), as Cilium's agent does for every graceful-restart peer; it was clear (R=${r.openBits.restart ? 1 : 0}), so the router dropped the paths it held as soon as the session was up, and the route stayed whole only because the speaker announced them again at once: look at ${r.setting}`);
    }
    if (r.announcesVip && r.pathsKeptByRouter === false && r.path !== 'withdrawn') {
      problems.push(`${who}: expected the router to keep its paths as stale when the session dropped (graceful restart); the router recorded the drop as "${r.resetReason ?? 'unknown'}": look at ${r.setting}`);
    }
    if (!r.endOfRib) {
      problems.push(`${who}: expected End-of-RIB on the session that came back (it ends graceful restart and clears the stale flag); the router recorded none: look at ${r.setting}`);
    }
    return problems;
  });
}

/** Timeline marks: each node's session down and up, as the router recorded them. */
export function restartEvents(restarts: readonly NodeRestart[]): { at: number; label: string }[] {
  return restarts.flatMap((r) => [
    ...(r.downAt !== undefined ? [{ at: r.downAt, label: `${r.node} down` }] : []),
    ...(r.upAt !== undefined ? [{ at: r.upAt, label: `${r.node} up` }] : []),
  ]);
}

/** One line per node, for logs and reports. */
export function formatNodeRestarts(restarts: readonly NodeRestart[]): string[] {
  return restarts.map((r) => {
    const session = r.sessionDownMs !== undefined ? `session down ${r.sessionDownMs} ms${r.resetReason ? ` (${r.resetReason})` : ''}` : r.sessionCameBack ? 'session back (down time not recorded)' : 'session not seen to drop and come back';
    const speaker = r.speakerRestarted ? `speaker ${r.speakerVersion ?? ''} started ${clock(r.speakerStartedAt!)}` : 'speaker not restarted';
    return `${r.node} (${r.address}): ${session}, path ${r.path}${r.endOfRib ? ', End-of-RIB received' : ''}, ${speaker}, ${r.failedRequests} failed requests`;
  });
}
