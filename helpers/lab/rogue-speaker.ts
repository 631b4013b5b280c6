// A rogue BGP speaker: a lab container that joins one cluster's network (the
// router's listen range takes any address there into the cluster's peer group)
// and announces what a misconfigured or compromised node might. It runs the
// node image's GoBGP with the lab-node-start entrypoint and files of its own;
// like every lab container it has no default route out (unreachable) and
// carries the session's labels, so a cleanup removes it.
import { stringify } from 'smol-toml';
import type { Lab } from './lab.ts';
import { clusterOf } from '../model/resolve.ts';
import { nthAddress, parseCidr } from '../net/ipv4.ts';
import { containerName, labLabels } from '../docker/labels.ts';
import { CAPABILITIES, startLabContainer } from '../docker/lab-container.ts';
import { execIn, execOk } from '../docker/exec.ts';
import { runtime } from '../docker/runtime.ts';
import { parseGobgpUpdatesSent } from '../bgp/gobgp-counters.ts';

export interface RogueAnnouncement {
  readonly prefix: string;
  /** ASNs after the rogue's own (the cluster's), e.g. [64666]: the route looks originated elsewhere. */
  readonly originAsPath?: readonly number[];
}

export interface RogueOptions {
  readonly cluster: string;
  /** The TCP MD5 password it uses: the lab's (default), another, or none (''). */
  readonly password?: string;
  readonly announce: readonly RogueAnnouncement[];
}

export interface RogueSpeaker {
  readonly address: string;
  readonly container: string;
  /** Its session to the router as GoBGP sees it: "Establ", "Active", "Connect"... ('' when there is none). */
  sessionState(): Promise<string>;
  /** How many prefixes it has sent the router (GoBGP's Adj-RIB-Out). */
  advertised(): Promise<number>;
  /** UPDATE messages it sent the router on its current session, by its own count (End-of-RIB included). */
  updatesSent(): Promise<number>;
  stop(): Promise<void>;
}

/** The host of the cluster's subnet the rogue takes: well past the nodes and the router. */
const ROGUE_HOST = 250;

export function rogueAnnounceLines(announce: readonly RogueAnnouncement[]): string {
  return announce.map((a) => `-a ipv4 ${a.prefix} origin igp${a.originAsPath?.length ? ` aspath ${a.originAsPath.join(',')}` : ''}\n`).join('');
}

export async function startRogueSpeaker(lab: Lab, options: RogueOptions): Promise<RogueSpeaker> {
  const { state } = lab;
  const cluster = clusterOf(state.lab, options.cluster);
  const address = nthAddress(parseCidr(cluster.network.subnet)!, ROGUE_HOST);
  const taken = [...cluster.nodes.map((n) => n.address), cluster.routerAddress];
  if (taken.includes(address)) throw new Error(`rogue speaker: ${address} in ${cluster.network.subnet} is taken by the lab (${taken.join(', ')})`);
  const image = state.images.node;
  if (!image) throw new Error('rogue speaker: the lab was started without the node image');
  const password = options.password ?? state.lab.spec.bgpPassword ?? '';
  const config = {
    global: { config: { as: cluster.spec.localAsn, 'router-id': address, port: -1, 'local-address-list': [address] } },
    neighbors: [{
      config: { 'neighbor-address': cluster.routerAddress, 'peer-as': state.lab.spec.router.asn, description: 'rogue', ...(password ? { 'auth-password': password } : {}) },
      // Retry every second: the scenario waits on what the router does, not on GoBGP's default 120 s.
      timers: { config: { 'hold-time': 9, 'keepalive-interval': 3, 'connect-retry': 1 } },
      transport: { config: { 'local-address': address } },
      'afi-safis': [{ config: { 'afi-safi-name': 'ipv4-unicast', enabled: true } }],
    }],
  };
  const name = containerName(state.lab.spec.name, `rogue-${options.cluster}`);
  const network = state.networks[cluster.network.name]!.name;
  await startLabContainer({
    image,
    name,
    hostname: 'rogue',
    labels: labLabels(state.session, state.lab.spec.name, 'rogue', options.cluster),
    attachments: [{ network, address }],
    readyLine: /lab-node ready/,
    capabilities: CAPABILITIES.rogue,
    files: {
      '/etc/lab/network.sh': 'set -eu\n',
      '/etc/lab/gobgpd.toml': stringify(config) + '\n',
      '/etc/lab/announce': rogueAnnounceLines(options.announce),
      '/etc/lab/ports': '',
      '/www/index.html': 'rogue\n',
    },
  });
  return {
    address,
    container: name,
    async sessionState() {
      // `gobgp neighbor`: "Peer AS Up/Down State |#Received Accepted", one line per neighbour.
      const out = await execIn(name, ['gobgp', 'neighbor']);
      const line = out.stdout.split('\n').find((l) => l.trim().startsWith(`${cluster.routerAddress} `));
      return line?.trim().split(/\s+/)[3] ?? '';
    },
    async advertised() {
      const out = await execIn(name, ['gobgp', 'neighbor', cluster.routerAddress, 'adj-out', '-a', 'ipv4']);
      // One line per prefix sent, each with the prefix in CIDR form.
      return out.stdout.split('\n').filter((l) => /\d+\.\d+\.\d+\.\d+\/\d+/.test(l)).length;
    },
    async updatesSent() {
      return parseGobgpUpdatesSent(await execOk(name, ['gobgp', 'neighbor', cluster.routerAddress, '-j']), cluster.routerAddress);
    },
    async stop() {
      const client = await runtime();
      await client.container.dockerode.getContainer(name).remove({ force: true }).catch(() => {});
    },
  };
}

/** Reads the rogue's own GoBGP log (why its session ended: NOTIFICATION received, and which). */
export async function rogueLog(rogue: RogueSpeaker): Promise<string> {
  return execOk(rogue.container, ['cat', '/var/log/gobgpd.log']).catch(() => '');
}
