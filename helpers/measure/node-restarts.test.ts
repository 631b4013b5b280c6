// The restart judges on records made on a real lab (FRR 10.3, scripts/record-outputs.sh):
// kind01-worker's (10.122.0.3) speaker killed and back, with graceful restart and without.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatNodeRestarts, nodeRestarts, restartEvents, restartProblems, type NodeRestart, type RestartEvidence, type RestartRecord, type RestartedNode } from './node-restarts.ts';
import { parseFrrNeighborHistory, parseFrrSessionLog } from '../routers/frr/parse.ts';
import { parseSpeakerProcess } from '../providers/emulated/speaker-upgrade.ts';
import type { NextHopChange } from '../bgp/model.ts';
import type { ProbeSample } from './probe-output.ts';

const REC = 'fixtures/recorded/frr-10.3';
const read = (file: string) => readFileSync(`${REC}/${file}`, 'utf8');
const at = (time: string) => Date.parse(`2026-12-07T${time}Z`);
const SETTING = 'gracefulRestart in fixtures/cilium/common/bgp-peer-config.yaml#0 (CiliumBGPPeerConfig kind-bgp-peer)';

const worker: RestartedNode = { cluster: 'kind01', node: 'kind01-worker', address: '10.122.0.3', announcesVip: true, setting: SETTING };
const controlPlane: RestartedNode = { cluster: 'kind01', node: 'kind01-control-plane', address: '10.122.0.2', announcesVip: true, setting: SETTING };
const ALL = ['10.122.0.2', '10.122.0.3', '172.122.0.2', '172.122.0.3'];
/** The recordings predate the emulated speakers' LocalRestarting (their OPENs have R and F clear): for cases about something else, the bits a Cilium agent's speaker sets. */
const reopenedAsCilium = (r: NodeRestart): NodeRestart => ({ ...r, openBits: { restart: true, forwarding: true } });

const speakerBefore = parseSpeakerProcess(read('speaker-process.txt'))!;
const speakerAfter = parseSpeakerProcess(read('speaker-process-restarted.txt'))!;
/** kind01-control-plane's speaker was not touched: the same process before and after. */
const untouched = { startedAt: at('10:56:36.100'), version: '3.36.0' };

function record(file: string, readAt: number, workerSpeaker = speakerBefore): RestartRecord {
  return { at: readAt, neighbors: parseFrrNeighborHistory(read(file), readAt), speakers: { 'kind01-worker': workerSpeaker, 'kind01-control-plane': untouched } };
}

/** Read before the kill (the router logged the drop at 10:56:49.415). */
const BEFORE = record('bgp-neighbors.json', at('10:56:45.000'));
const kernel = (...changes: [string, string[]][]): NextHopChange[] => changes.map(([time, nextHops]) => ({ at: at(time), nextHops }));
const fail = (time: string): ProbeSample => ({ at: at(time), ok: false, outcome: 'connect-timeout', latencyMs: 1000, error: 'timeout' });
const ok = (time: string): ProbeSample => ({ at: at(time), ok: true, outcome: 'ok', latencyMs: 2 });

function evidence(over: Partial<RestartEvidence> = {}): RestartEvidence {
  return {
    nodes: [worker],
    before: BEFORE,
    after: record('bgp-neighbors-restarted.json', at('10:56:51.700'), speakerAfter),
    events: parseFrrSessionLog(read('frr-log-sessions.txt')),
    nextHopChanges: kernel(['10:56:43.000', ALL]),
    probe: [ok('10:56:49.000'), ok('10:56:50.000')],
    probeTimeoutMs: 1000,
    ...over,
  };
}

describe('nodeRestarts', () => {
  it('a restart with graceful restart: the speaker is new, the router counted the drop and logged it held, the kernel kept the next hop', () => {
    const [r] = nodeRestarts(evidence());
    expect(r).toStrictEqual({
      ...worker,
      speakerRestarted: true,
      speakerStartedAt: speakerAfter.startedAt,
      speakerVersion: '3.36.0',
      sessionCameBack: true,
      recorded: 'sessions established 1 -> 2, dropped 0 -> 1, Established now; its log: down at 10:56:49.415 (NSF peer closed the session), up at 10:56:50.450',
      downAt: at('10:56:49.415'),
      upAt: at('10:56:50.450'),
      sessionDownMs: 1035,
      resetReason: 'NSF peer closed the session',
      pathsKeptByRouter: true,
      endOfRib: true,
      // Recorded before the emulated speakers set LocalRestarting: R and F clear, so FRR dropped the held
      // paths on the new session, and only the re-announcement inside bgpd's 50 ms hold kept the route whole.
      openBits: { restart: false, forwarding: false },
      path: 'kept',
      failedRequests: 0,
    });
    expect(restartProblems([r!])).toEqual([
      `kind01-worker (10.122.0.3): expected its speaker to reopen the session with the F bit set (forwarding state preserved), as Cilium's agent does for every graceful-restart peer; it was clear (R=0), so the router dropped the paths it held as soon as the session was up, and the route stayed whole only because the speaker announced them again at once: look at ${SETTING}`,
    ]);
    // The same restart with the bits a Cilium agent's speaker sets: nothing to say.
    const cilium = { ...r!, openBits: { restart: true, forwarding: true } };
    expect(restartProblems([cilium])).toEqual([]);
    expect(restartEvents([r!])).toEqual([{ at: at('10:56:49.415'), label: 'kind01-worker down' }, { at: at('10:56:50.450'), label: 'kind01-worker up' }]);
    expect(formatNodeRestarts([r!])).toEqual(['kind01-worker (10.122.0.3): session down 1035 ms (NSF peer closed the session), path kept, End-of-RIB received, speaker 3.36.0 started 10:56:49.492, 0 failed requests']);
  });

  it('a restart too fast for any sampling is still counted: the counters alone (no log) show it, timed to the second', () => {
    const [r] = nodeRestarts(evidence({ events: [] }));
    expect(r).toMatchObject({ sessionCameBack: true, pathsKeptByRouter: true, endOfRib: true, downAt: at('10:56:49.700'), upAt: 1_796_641_010_000 });
    expect(restartProblems([reopenedAsCilium(r!)])).toEqual([]);
  });

  it('a node whose speaker never restarted: the first line of its problem says which node, what was expected and what the router recorded', () => {
    const restarts = nodeRestarts(evidence({ nodes: [worker, controlPlane] })).map(reopenedAsCilium);
    expect(restartProblems(restarts)).toEqual([
      "kind01-control-plane (10.122.0.2): expected its BGP speaker to restart, it did not (its speaker 3.36.0 started at 10:56:36.100, before the disruption): the provider's restart did not reach the node",
      'kind01-control-plane (10.122.0.2): expected the router to record its session dropping and coming back (its speaker 3.36.0 started at 10:56:36.100); the router recorded sessions established 1 -> 1, dropped 0 -> 0, Established now; its log: no session change since 10:56:45.000',
    ]);
  });

  it('without graceful restart: the neighbour was made anew, the kernel lost the next hop, no End-of-RIB; the setting is named', () => {
    const [r] = nodeRestarts(evidence({
      after: record('bgp-neighbors-restarted-no-gr.json', at('10:58:05.400'), { startedAt: at('10:58:02.250'), version: '3.36.0' }),
      before: record('bgp-neighbors.json', at('10:57:58.000')),
      events: parseFrrSessionLog(read('frr-log-sessions-no-gr.txt')),
      nextHopChanges: kernel(['10:57:57.000', ALL], ['10:58:02.210', ['10.122.0.2', '172.122.0.2', '172.122.0.3']], ['10:58:04.400', ALL]),
      probe: [ok('10:58:01.000'), fail('10:58:02.100'), fail('10:58:03.000'), ok('10:58:05.000')],
    }));
    expect(r).toMatchObject({ sessionCameBack: true, resetReason: 'Neighbor deleted', pathsKeptByRouter: false, endOfRib: false, path: 'withdrawn', sessionDownMs: 2157, failedRequests: 2 });
    expect(restartProblems([r!])).toEqual([
      `kind01-worker (10.122.0.3): expected the VIP's path kept through graceful restart while its speaker restarted; the kernel route lost 10.122.0.3 at 10:58:02.210 and the router recorded the drop as "Neighbor deleted" (not held by graceful restart): look at ${SETTING}`,
      `kind01-worker (10.122.0.3): expected End-of-RIB on the session that came back (it ends graceful restart and clears the stale flag); the router recorded none: look at ${SETTING}`,
    ]);
  });

  // Seen under full CPU load (a rolling upgrade): the session came back with R and F clear, FRR dropped the
  // stale path at once (RFC 4724 4.2), the kernel lost the next hop 83 ms after "Up" and got it back after End-of-RIB.
  it('a path lost on a session that came back with the F bit clear: the problem names the OPEN, not only the setting', () => {
    const [r] = nodeRestarts(evidence({
      nextHopChanges: kernel(['10:56:45.000', ALL], ['10:56:50.533', ['10.122.0.2', '172.122.0.2', '172.122.0.3']], ['10:56:50.676', ALL]),
    }));
    expect(r).toMatchObject({ path: 'withdrawn', pathsKeptByRouter: true, openBits: { restart: false, forwarding: false } });
    expect(restartProblems([r!])).toEqual([
      `kind01-worker (10.122.0.3): expected the VIP's path kept through graceful restart while its speaker restarted; the kernel route lost 10.122.0.3 at 10:56:50.533 and the router recorded the drop as "NSF peer closed the session"; the speaker reopened with the F bit clear (R=0), so the router dropped the paths it held as soon as the session was up (Cilium's agent sets LocalRestarting on every graceful-restart peer): look at ${SETTING}`,
    ]);
  });

  it('the counters of a remade neighbour alone (no log) still show a session that came back: it began well after the one read before', () => {
    const [r] = nodeRestarts(evidence({
      before: record('bgp-neighbors.json', at('10:57:58.000')),
      after: record('bgp-neighbors-restarted-no-gr.json', at('10:58:05.400'), speakerAfter),
      events: [],
    }));
    expect(r).toMatchObject({ sessionCameBack: true, upAt: 1_796_641_084_000 });
    expect(r!.downAt).toBeUndefined();
  });

  it('a node that announces no VIP (externalTrafficPolicy Local, no local endpoint) is judged on its session only, never on a VIP path', () => {
    const silent = { ...worker, announcesVip: false };
    const [r] = nodeRestarts(evidence({ nodes: [silent], nextHopChanges: kernel(['10:56:43.000', ['10.122.0.2', '172.122.0.2']]) }));
    expect(r).toMatchObject({ path: 'not announced', sessionCameBack: true });
    expect(restartProblems([r!])).toEqual([]);
  });

  it('a speaker that came back on another version than the roll\'s target is named with both', () => {
    const [r] = nodeRestarts(evidence());
    expect(restartProblems([reopenedAsCilium(r!)], { version: '3.10.0' })).toEqual(['kind01-worker (10.122.0.3): expected its speaker to run 3.10.0 after the roll, it runs 3.36.0 (its speaker 3.36.0 started at 10:56:49.492)']);
  });

  it('a session still down: not back, nothing else judged', () => {
    const [r] = nodeRestarts(evidence({ after: record('bgp-neighbors-restarting.json', at('10:56:49.600'), speakerAfter), events: parseFrrSessionLog(read('frr-log-sessions.txt')).filter((e) => e.at < at('10:56:50.000')) }));
    expect(r).toMatchObject({ sessionCameBack: false, endOfRib: false, downAt: at('10:56:49.415') });
    expect(r!.upAt).toBeUndefined();
    expect(restartProblems([r!])).toEqual([
      'kind01-worker (10.122.0.3): expected the router to record its session dropping and coming back (its speaker 3.36.0 started at 10:56:49.492); the router recorded sessions established 1 -> 1, dropped 0 -> 1, Idle now; its log: down at 10:56:49.415 (NSF peer closed the session), not up since',
    ]);
    expect(formatNodeRestarts([r!])).toEqual(['kind01-worker (10.122.0.3): session not seen to drop and come back, path kept, speaker 3.36.0 started 10:56:49.492, 0 failed requests']);
  });
});
