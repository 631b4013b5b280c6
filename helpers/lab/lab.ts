// A running lab as the scenarios and the CLI use it: reads of the router, the
// speakers' view, probes from the client, and cluster deletion. Built from the
// serializable LabState, so it works in any process.
import type { LabState } from './state.ts';
import { providerByName } from '../providers/registry.ts';
import type { ClusterProvider } from '../providers/types.ts';
import { routerBgpRoute, routerKernelRoute, routerNeighbors, routerZebraRoute, vtysh } from './router-reads.ts';
import { execIn, execOk } from '../exec/container.ts';
import { parseProbeOutput, type ProbeSample } from '../probe/probe-output.ts';

export interface ProbeOptions {
  readonly count: number;
  /** Pause between requests, seconds. */
  readonly intervalSeconds: number;
  /** Connect and total timeout per request, seconds. */
  readonly timeoutSeconds: number;
  /** The probe stops early once this file exists in the client. */
  readonly stopFile?: string;
}

export const DEFAULT_PROBE: ProbeOptions = { count: 40, intervalSeconds: 0, timeoutSeconds: 1 };

export class Lab {
  readonly state: LabState;
  readonly provider: ClusterProvider;
  /** Clusters deleted during this run. */
  readonly #deleted = new Set<string>();

  constructor(state: LabState) {
    this.state = state;
    this.provider = providerByName(state.provider);
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
    const { count, intervalSeconds, timeoutSeconds, stopFile } = options;
    const argv = ['lab-probe', this.vipUrl, String(count), String(intervalSeconds), String(timeoutSeconds), ...(stopFile ? [stopFile] : [])];
    const output = await execOk(this.state.client.id, this.state.client.name, argv);
    return parseProbeOutput(output, (body) => this.provider.identify(this.state, body));
  }

  clientExec(argv: readonly string[]) {
    return execIn(this.state.client.id, argv);
  }

  routerExec(argv: readonly string[]) {
    return execIn(this.state.router.id, argv);
  }

  async deleteCluster(cluster: string): Promise<void> {
    if (!this.clusterNames.includes(cluster)) throw new Error(`deleteCluster: no cluster "${cluster}" (clusters: ${this.clusterNames.join(', ')})`);
    await this.provider.deleteCluster(this.state, cluster);
    this.#deleted.add(cluster);
  }

  /** Clusters not deleted by this handle. */
  get liveClusters(): string[] {
    return this.clusterNames.filter((c) => !this.#deleted.has(c));
  }
}
