// The router's own record of each session, parsed from outputs recorded on a real lab
// (scripts/record-outputs.sh) with FRR 10.3 (trixie) and FRR 8.4.4 (bookworm): 4 listen-range
// neighbours (10.122.0.2/.3 in AS 65101, 172.122.0.2/.3 in AS 65102), then kind01-worker's
// (10.122.0.3) speaker killed and back, with graceful restart (the reference peer config) and, in
// the *-no-gr files, on a lab whose CiliumBGPPeerConfig disables it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FRR_GRACEFUL_RESET, parseFrrNeighborHistory, parseFrrSessionLog } from './parse.ts';

const READ_AT = 1_796_650_000_000;
const NODE = '10.122.0.3';

function recorded(version: string, file: string): string {
  return readFileSync(`fixtures/recorded/${version}/${file}`, 'utf8');
}

const of = (version: string, file: string) => parseFrrNeighborHistory(recorded(version, file), READ_AT);
const node = (version: string, file: string) => of(version, file).find((n) => n.address === NODE);

/** What the two recordings differ in: when sessions began, and FRR 8.4's reset record of a neighbour that never dropped. */
const RECORDED: Record<string, { steadyAt: number; backAt: number; noGrBackAt: number; steadyReset?: string }> = {
  'frr-10.3': { steadyAt: 1_796_640_999_000, backAt: 1_796_641_010_000, noGrBackAt: 1_796_641_084_000 },
  'frr-8.4': { steadyAt: 1_796_641_387_000, backAt: 1_796_641_395_000, noGrBackAt: 1_796_641_445_000, steadyReset: 'No AFI/SAFI activated for peer' },
};

describe.each(['frr-10.3', 'frr-8.4'])('parseFrrNeighborHistory on %s recordings', (version) => {
  const r = RECORDED[version]!;

  it('reads every neighbour of `show bgp neighbors json`, Established once, never dropped, End-of-RIB received', () => {
    const all = of(version, 'bgp-neighbors.json');
    expect(all.map((n) => `${n.address} ${n.remoteAs} ${n.hostname} ${n.state} ${n.establishedCount}/${n.droppedCount}`).sort()).toEqual([
      '10.122.0.2 65101 kind01-control-plane Established 1/0',
      '10.122.0.3 65101 kind01-worker Established 1/0',
      '172.122.0.2 65102 kind02-control-plane Established 1/0',
      '172.122.0.3 65102 kind02-worker Established 1/0',
    ]);
    const steady = node(version, 'bgp-neighbors.json')!;
    expect(steady.establishedAt).toBe(r.steadyAt);
    // Two UPDATEs from each node: its announcements, then End-of-RIB.
    expect(all.map((n) => n.updatesReceived)).toEqual([2, 2, 2, 2]);
    // Recorded when the emulated speakers reopened without LocalRestarting: R and F clear.
    expect(steady.gracefulRestart).toStrictEqual({ peerRestartSeconds: 15, endOfRibReceived: true, holdingPaths: false, restartBit: false, forwardingPreserved: false });
    // FRR 8.4 records a reset when it makes the neighbour ("No AFI/SAFI activated"), 10.3 says "never": neither is a drop.
    expect(steady.lastReset?.reason).toBe(r.steadyReset);
    expect(steady.lastReset?.pathsKept ?? false).toBe(false);
  });

  it('while the speaker restarts: dropped once, held in graceful restart (paths kept, restart timer running), no End-of-RIB yet', () => {
    const restarting = node(version, 'bgp-neighbors-restarting.json')!;
    expect(restarting).toMatchObject({ state: 'Idle', establishedCount: 1, droppedCount: 1 });
    expect(restarting.establishedAt).toBeUndefined();
    expect(restarting.lastReset).toStrictEqual({ at: READ_AT, reason: FRR_GRACEFUL_RESET, pathsKept: true });
    // (What its OPEN said is read in the steady and open-bits recordings.)
    expect(restarting.gracefulRestart).toMatchObject({ peerRestartSeconds: 15, endOfRibReceived: false, holdingPaths: true });
  });

  it('after it came back: established twice, dropped once, the new session since then, End-of-RIB received on it', () => {
    const back = node(version, 'bgp-neighbors-restarted.json')!;
    expect(back).toMatchObject({ state: 'Established', establishedCount: 2, droppedCount: 1, establishedAt: r.backAt });
    expect(back.lastReset).toStrictEqual({ at: READ_AT - 2000, reason: FRR_GRACEFUL_RESET, pathsKept: true });
    expect(back.gracefulRestart).toMatchObject({ peerRestartSeconds: 15, endOfRibReceived: true, holdingPaths: false });
    // The other neighbours did not move.
    expect(of(version, 'bgp-neighbors-restarted.json').filter((n) => n.address !== NODE).map((n) => `${n.establishedCount}/${n.droppedCount}`)).toEqual(['1/0', '1/0', '1/0']);
  });

  it('without graceful restart the listen-range neighbour is deleted and made anew: counters start again, only its start moved', () => {
    expect(node(version, 'bgp-neighbors-restarting-no-gr.json'), 'no neighbour while the speaker is away').toBeUndefined();
    const remade = node(version, 'bgp-neighbors-restarted-no-gr.json')!;
    expect(remade).toMatchObject({ state: 'Established', establishedCount: 1, droppedCount: 0, establishedAt: r.noGrBackAt });
    expect(remade.lastReset?.pathsKept ?? false).toBe(false);
    expect(remade.gracefulRestart).toMatchObject({ peerRestartSeconds: 0, endOfRibReceived: false, holdingPaths: false });
  });
});

describe('parseFrrNeighborHistory', () => {
  it('quotes a document that is not JSON', () => {
    expect(() => parseFrrNeighborHistory('% Unknown command', READ_AT)).toThrow(/FRR bgp neighbors: not JSON.*% Unknown command/);
  });
});

/** Epoch ms of a UTC time on the recordings' day. */
const at = (time: string) => Date.parse(`2026-12-07T${time}Z`);

describe.each([
  ['frr-10.3', { down: '10:56:49.415', up: '10:56:50.450', eor: '10:56:50.451', noGrDown: '10:58:02.194', noGrUp: '10:58:04.351' }],
  ['frr-8.4', { down: '11:03:14.385', up: '11:03:15.418', eor: '11:03:15.419', noGrDown: '11:03:55.901', noGrUp: '11:04:05.220' }],
])('parseFrrSessionLog on %s recordings', (version, t) => {
  it('reads each session up, its End-of-RIB, and the restart: down held by graceful restart, up, End-of-RIB, to the millisecond', () => {
    const events = parseFrrSessionLog(recorded(version, 'frr-log-sessions.txt'));
    expect(events.filter((e) => e.kind === 'up').map((e) => e.neighbor).sort()).toEqual(['10.122.0.2', '10.122.0.3', '10.122.0.3', '172.122.0.2', '172.122.0.3']);
    expect(events.filter((e) => e.kind === 'end-of-rib')).toHaveLength(5);
    expect(events.filter((e) => e.neighbor === NODE).slice(-3)).toStrictEqual([
      { at: at(t.down), neighbor: NODE, kind: 'down', reason: FRR_GRACEFUL_RESET, pathsKept: true },
      { at: at(t.up), neighbor: NODE, kind: 'up' },
      { at: at(t.eor), neighbor: NODE, kind: 'end-of-rib' },
    ]);
  });

  it('without graceful restart: the neighbour deleted, no End-of-RIB on the new session', () => {
    const events = parseFrrSessionLog(recorded(version, 'frr-log-sessions-no-gr.txt'));
    expect(events.filter((e) => e.kind === 'end-of-rib')).toEqual([]);
    expect(events.filter((e) => e.neighbor === NODE).slice(-2)).toStrictEqual([
      { at: at(t.noGrDown), neighbor: NODE, kind: 'down', reason: 'Neighbor deleted', pathsKept: false },
      { at: at(t.noGrUp), neighbor: NODE, kind: 'up' },
    ]);
  });
});

describe('parseFrrSessionLog', () => {
  it('skips other lines, reads whole-second stamps and neighbours without a hostname', () => {
    const text = [
      '2026/12/07 10:55:40.733 ZEBRA: [VTVCM-Y2NW3] Configuration Read in Took: 00:00:00',
      '2026/12/07 10:55:46 BGP: [N9HHH-F8H1M] %ADJCHANGE: neighbor 10.20.0.2 in vrf default Up',
      'not a log line %ADJCHANGE: neighbor 10.20.0.3 in vrf default Up',
    ].join('\n');
    expect(parseFrrSessionLog(text)).toStrictEqual([{ at: at('10:55:46.000'), neighbor: '10.20.0.2', kind: 'up' }]);
  });
});

// FRR 10.3, a live lab where only 10.20.0.3's speaker had restarted with LocalRestarting set (as Cilium's
// agent adds every graceful-restart peer): the router saw its OPEN with the R and F bits, the others' without.
describe('parseFrrNeighborHistory: what each peer\'s OPEN said', () => {
  it('reads the R bit and the IPv4 unicast F bit', () => {
    const all = parseFrrNeighborHistory(recorded('frr-10.3', 'bgp-neighbors-open-bits.json'), READ_AT);
    expect(all.map((n) => `${n.address} R=${n.gracefulRestart.restartBit} F=${n.gracefulRestart.forwardingPreserved}`)).toEqual([
      '10.20.0.2 R=false F=false', '10.20.0.3 R=true F=true', '172.20.0.2 R=false F=false', '172.20.0.3 R=false F=false',
    ]);
  });
});
