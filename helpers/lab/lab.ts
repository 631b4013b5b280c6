// A running lab as the scenarios and the CLI use it: reads of the router, the
// speakers' view, probes from the client, and cluster deletion. Built from the
// serializable LabState, so it works in any process.
import type { LabState } from '../spec/state.ts';
import { providerByName } from '../providers/registry.ts';
import type { ClusterProvider } from '../providers/types.ts';
import { routerBgpRoute, routerKernelRoute, routerNeighbors, routerZebraRoute, vtysh } from '../routers/frr/reads.ts';
import { execOk } from '../docker/exec.ts';
import { expectedNextHopsByCluster } from '../spec/expectations.ts';
import { parseProbeOutput, type ProbeSample } from '../measure/probe-output.ts';

export interface ProbeOptions {
  /** Requests to send; 0 means until stopped (durationMs or stopFile). */
  readonly count: number;
  /** New connections per second, started on a fixed schedule (open loop). */
  readonly rate: number;
  /** Connect and total timeout per request, milliseconds. */
  readonly timeoutMs: number;
  readonly durationMs?: number;
  /** The probe stops early once this file exists in the client. */
  readonly stopFile?: string;
}

/** 50 new connections per second, each given 300 ms: the reference measurement. */
export const DEFAULT_PROBE: ProbeOptions = { count: 40, rate: 50, timeoutMs: 300 };

export const PROBE_COMMAND = ['node', '/opt/probe/probe.ts'];

export class Lab {
  #state: LabState;
  readonly provider: ClusterProvider;
  /** Clusters deleted through this handle and not recreated. */
  readonly #deleted = new Set<string>();

  constructor(state: LabState) {
    this.#state = state;
    this.provider = providerByName(state.provider);
  }

  /** The lab as it is now: a recreated cluster has new containers. */
  get state(): LabState {
    return this.#state;
  }

  get spec() {
    return this.state.spec;
  }

  get vipPrefix(): string {
    return `${this.spec.loadBalancer.vip}/32`;
  }

  get vipUrl(): string {
    return `http://${this.spec.loadBalancer.vip}:${this.spec.workload.port}/`;
  }

  get clusterNames(): string[] {
    return this.state.clusters.map((c) => c.name);
  }

  routerNeighbors() {
    return routerNeighbors(this.state.router);
  }

  vipBgpRoute() {
    return routerBgpRoute(this.state.router, this.vipPrefix);
  }

  vipKernelRoute() {
    return routerKernelRoute(this.state.router, this.vipPrefix);
  }

  vipZebraRoute() {
    return routerZebraRoute(this.state.router, this.vipPrefix);
  }

  vtysh(command: string) {
    return vtysh(this.state.router, command);
  }

  nodeNeighbors(cluster: string, node: string) {
    return this.provider.nodeNeighbors(this.state, cluster, node);
  }

  /** Runs the HTTP probe inside the client container and parses its samples. */
  async probe(options: ProbeOptions = DEFAULT_PROBE): Promise<ProbeSample[]> {
    const { count, rate, timeoutMs, durationMs, stopFile } = options;
    const argv = [
      ...PROBE_COMMAND, '--url', this.vipUrl, '--rate', String(rate), '--count', String(count), '--timeout-ms', String(timeoutMs),
      ...(durationMs ? ['--duration-ms', String(durationMs)] : []), ...(stopFile ? ['--stop-file', stopFile] : []),
    ];
    const output = await execOk(this.state.client.name, argv);
    return parseProbeOutput(output, (body) => this.provider.identify(this.state, body));
  }

  #known(cluster: string, what: string): void {
    if (!this.clusterNames.includes(cluster)) throw new Error(`${what}: no cluster "${cluster}" (clusters: ${this.clusterNames.join(', ')})`);
  }

  /** Deletes a cluster abruptly; deleting one already gone is not an error. */
  async deleteCluster(cluster: string): Promise<void> {
    this.#known(cluster, 'deleteCluster');
    await this.provider.deleteCluster(this.state, cluster);
    this.#deleted.add(cluster);
  }

  async recreateCluster(cluster: string, log: (line: string) => void = () => {}): Promise<void> {
    this.#known(cluster, 'recreateCluster');
    const recreated = await this.provider.recreateCluster(this.state, cluster, log);
    this.#state = { ...this.#state, clusters: this.#state.clusters.map((c) => (c.name === cluster ? recreated : c)) };
    this.#deleted.delete(cluster);
  }

  withdrawAdvertisements(cluster: string): Promise<void> {
    this.#known(cluster, 'withdrawAdvertisements');
    return this.provider.withdrawAdvertisements(this.state, cluster);
  }

  restartSpeaker(cluster: string, node: string): Promise<void> {
    this.#known(cluster, 'restartSpeaker');
    return this.provider.restartSpeaker(this.state, cluster, node);
  }

  /** Node addresses of the given clusters: the VIP's expected next hops. */
  nodeAddresses(clusters: readonly string[]): string[] {
    return Object.values(expectedNextHopsByCluster(this.state, [...clusters])).flat().sort();
  }

  /** Clusters not deleted by this handle. */
  get liveClusters(): string[] {
    return this.clusterNames.filter((c) => !this.#deleted.has(c));
  }
}
