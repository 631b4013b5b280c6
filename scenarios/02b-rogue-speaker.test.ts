// b'. The router trusts only what it should. A rogue BGP speaker joins the
// first cluster's network (the router's listen range takes it into that
// cluster's peer group): with a wrong password or none it never gets a session;
// with the right one it announces what a misconfigured or compromised node
// might (a default route, the client subnet, a block over the pool, a host
// route outside the pool, the VIP from a foreign ASN) and the router installs
// none of it; flooding more prefixes than router.policy.maximumPrefixes gets its
// session cut. The real sessions, the VIP's next hops and the client's requests
// are untouched throughout. Under the write-up's accept-all these fail, naming
// each accepted announcement.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useOwnLab } from './use-lab.ts';
import { assertStartingState } from '../helpers/lab/starting-state.ts';
import { rogueLog, startRogueSpeaker, type RogueAnnouncement, type RogueSpeaker } from '../helpers/lab/rogue-speaker.ts';
import { pollUntil, waitFor } from '../helpers/model/budgets.ts';
import { activeNextHops, actualVipPaths, groupByCluster, neighborLines } from '../helpers/model/expectations.ts';
import { acceptedRogueRoutes } from '../helpers/model/rogue-judge.ts';
import { routerPolicyOf } from '../helpers/model/spec.ts';
import { formatAddress, parseAddress } from '../helpers/net/ipv4.ts';
import { witnessedProbe } from '../helpers/measure/router-capture.ts';
import { NO_LOSS_TIMEOUT_MS } from '../helpers/measure/disruption.ts';
import { formatClearedFailures } from '../helpers/measure/witnesses.ts';

const lab = await useOwnLab();
const cluster = lab.clusterNames[0]!;
const { spec } = lab;
let rogue: RogueSpeaker | undefined;

/** What a misconfigured or compromised node announces: none of it may reach the router's table or kernel. */
const HOSTILE: readonly RogueAnnouncement[] = [
  { prefix: '0.0.0.0/0' },
  { prefix: lab.state.lab.clientSubnet },
  // A block over the pool, not a host route in it.
  { prefix: `${formatAddress(parseAddress(spec.loadBalancer.poolStart)! - (parseAddress(spec.loadBalancer.poolStart)! % 8))}/29` },
  // A host route just outside the pool.
  { prefix: `${formatAddress(parseAddress(spec.loadBalancer.poolStop)! + 1)}/32` },
  // The VIP itself, as if originated by another AS.
  { prefix: `${spec.loadBalancer.vip}/32`, originAsPath: [64666] },
];

/** The lab as it must stay: every real session Established, the VIP on exactly the real nodes, every client request answered by them. */
async function assertLabUntouched(): Promise<void> {
  const expected = await lab.expectations();
  const sessions = neighborLines(await lab.routerNeighbors()).filter((l) => expected.sessionLines.some((e) => e.split(' ')[0] === l.split(' ')[0]));
  expect(sessions, 'the real nodes\' sessions on the router').toEqual(expected.sessionLines);
  expect(actualVipPaths(await lab.vipBgpRoute()), `BGP paths of ${lab.vipPrefix}`).toEqual(expected.vipPaths);
  expect(groupByCluster(lab.state, activeNextHops(await lab.vipKernelRoute())), `kernel next hops of ${lab.vipPrefix} by cluster`).toEqual(expected.vipGroups);
  const { samples, ...verdicts } = await witnessedProbe(lab, { count: 30, rate: 100, timeoutMs: NO_LOSS_TIMEOUT_MS });
  expect(verdicts.confirmed.map((s) => s.error), `failed client requests (${formatClearedFailures(verdicts) || 'none cleared by the router\'s capture'})`).toEqual([]);
  expect([...new Set(samples.map((s) => s.answer?.cluster))].sort(), 'clusters answering the client').toEqual([...lab.liveClusters].sort());
}

/** The rogue's announcements the router took, from its BGP table and kernel. */
async function accepted(r: RogueSpeaker, prefixes: readonly string[]): Promise<string[]> {
  const [table, ...kernel] = await Promise.all([lab.router.receivedRoutes(), ...prefixes.map((p) => lab.router.fibRoute(p))]);
  return acceptedRogueRoutes(prefixes, table, Object.fromEntries(prefixes.map((p, i) => [p, kernel[i]])), r.address);
}

describe(`a rogue BGP speaker on cluster ${cluster}'s network (router.policy: ${routerPolicyOf(spec.router).mode})`, () => {
  beforeAll(() => assertStartingState(lab));
  afterEach(async () => {
    await rogue?.stop();
    rogue = undefined;
  });

  it.each([['a wrong password', 'not-the-lab-password'], ['no password', '']])('with %s never gets a session, and the lab is untouched', async (_, password) => {
    const since = Date.now();
    const refusedBefore = await lab.router.tcpMd5Refusals();
    rogue = await startRogueSpeaker(lab, { cluster, password, announce: HOSTILE });
    const r = rogue;
    // Two records that keep an event however briefly it lasted: the router's own log of session
    // changes (a sampled neighbour list could miss a session cut at once), and its kernel's count of
    // segments refused for their TCP MD5 signature. Watched until the kernel has refused the rogue's
    // first SYN and its retransmission (the rogue tried, so an empty log is a finding, not a wait
    // that ran out), or the log shows a session.
    const logged = async () => (await lab.router.sessionEvents(since)).filter((e) => e.neighbor === r.address);
    const seen = await pollUntil('rogueRefused', async () => ({ refused: (await lab.router.tcpMd5Refusals()) - refusedBefore, events: await logged() }),
      (s) => s.refused >= 2 || s.events.length > 0);
    expect((await logged()).map((e) => `${e.kind}${e.reason ? ` (${e.reason})` : ''}`), `the rogue ${r.address}'s sessions the router logged (TCP MD5 must refuse it: look at the peer group's password, the spec's bgpPassword)`).toEqual([]);
    expect(seen.value?.refused ?? 0, `segments the router's kernel refused for their TCP MD5 signature since the rogue ${r.address} started (TcpExt TCPMD5NotFound + TCPMD5Failure; fewer than 2: the rogue never tried within the budget, its log: ${(await rogueLog(r)).split('\n').slice(-3).join(' | ')})`).toBeGreaterThanOrEqual(2);
    expect(neighborLines(await lab.routerNeighbors()).filter((l) => l.startsWith(`${r.address} `)), `the router's neighbours: none for the rogue ${r.address}`).toEqual([]);
    // `gobgp neighbor` abbreviates states: Idle, Connect, Active, Sent, Confirm, Establ.
    expect(['Idle', 'Connect', 'Active', 'Sent', 'Confirm'], `the rogue's own view of its session (gobgp neighbor)`).toContain(await rogue.sessionState());
    await assertLabUntouched();
  });

  it('with the right password gets a session but none of its announcements reaches the router\'s table or kernel', async () => {
    const since = Date.now();
    rogue = await startRogueSpeaker(lab, { cluster, announce: HOSTILE });
    const r = rogue;
    await waitFor('bgpSession', `the rogue ${r.address}'s session on the router`, () => lab.routerNeighbors(),
      (ns) => neighborLines(ns).includes(`${r.address} (AS ${lab.state.lab.clusters[0]!.spec.localAsn}): Established`), (ns) => neighborLines(ns ?? []).join('; '));
    // The record the refused rogues are judged by holds this session: an empty log above means no session.
    expect((await lab.router.sessionEvents(since)).filter((e) => e.neighbor === r.address).map((e) => e.kind), `the router's log of the rogue ${r.address}'s session`).toContain('up');
    await waitFor('ecmpConvergence', `the rogue to have sent its ${HOSTILE.length} announcements`, () => r.advertised(), (n) => n >= HOSTILE.length);
    // Judged once the router has read every UPDATE the rogue says it sent (its count against the
    // rogue's own): bgpd applies its import policy as it reads, so what it took is in its table then.
    const sent = await r.updatesSent();
    const received = async () => (await lab.router.neighborHistory()).find((n) => n.address === r.address)?.updatesReceived ?? 0;
    await waitFor('rogueRefused', `the router to have read the ${sent} UPDATEs the rogue ${r.address} sent`, received, (n) => n >= sent, (n) => `${n ?? 0} read`);
    const took = await accepted(r, HOSTILE.map((a) => a.prefix));
    expect(took, `the router accepted the rogue's ${took.join('; ') || 'nothing'} (the reference router.policy accepts only pool host routes with the cluster's own ASN)`).toEqual([]);
    await assertLabUntouched();
  });

  it(`announcing more prefixes than router.policy.maximumPrefixes gets its session cut, and nothing of it kept`, async () => {
    const max = routerPolicyOf(spec.router).maximumPrefixes;
    // Host routes in the pool (but the VIP) with the cluster's ASN: what the policy accepts, so they count
    // toward the limit (FRR counts accepted prefixes only).
    const first = parseAddress(spec.loadBalancer.poolStart)!;
    const vip = parseAddress(spec.loadBalancer.vip)!;
    const flood = Array.from({ length: parseAddress(spec.loadBalancer.poolStop)! - first + 1 }, (_, i) => first + i)
      .filter((a) => a !== vip).map((a) => ({ prefix: `${formatAddress(a)}/32` }));
    expect(max === undefined || flood.length > max, `the pool has ${flood.length} addresses besides the VIP, not more than router.policy.maximumPrefixes ${max}: the limit cannot be shown to trip`).toBe(true);
    rogue = await startRogueSpeaker(lab, { cluster, announce: flood });
    const r = rogue;
    // GoBGP logs the NOTIFICATION the router sends: Cease (6), Maximum Number of Prefixes Reached (1), RFC 4486.
    const cut = await pollUntil('bgpSession', () => rogueLog(r), (log) => /notification/i.test(log) && /code[=": ]+6\b/i.test(log) && /subcode[=": ]+1\b/i.test(log));
    const acceptedNow = await accepted(r, flood.map((a) => a.prefix));
    expect(cut.met, `the router ended the rogue's session for exceeding ${max === undefined ? 'no maximum-prefix (router.policy.maximumPrefixes is not set)' : `maximum-prefix ${max}`}; accepted meanwhile: ${acceptedNow.join('; ') || 'none'}; rogue's log ends: ${(cut.value ?? '').split('\n').slice(-5).join(' | ')}`).toBe(true);
    expect(acceptedNow, 'flooded prefixes the router holds').toEqual([]);
    await assertLabUntouched();
  });
});
