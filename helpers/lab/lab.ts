// A running lab as the scenarios and the CLI use it: reads of the router, the
// speakers' view, probes from the client, and what a scenario does to a
// cluster. It reads and changes the lab's state only through the state store,
// so a change made here is what every later reader sees.
import type { LabState } from '../model/state.ts';
import { clusterStateOf, liveClusterNames } from '../model/state.ts';
import { useBudgets } from '../model/budgets.ts';
import { labBudgets } from '../model/lab-budgets.ts';
import { routerAddressOn } from '../model/addresses.ts';
import { expectationsOf, type LabExpectations } from '../model/expectations.ts';
import { providerByName } from '../providers/registry.ts';
import type { UpgradeStep } from '../providers/types.ts';
import { sessionCapabilities, type ContainerCapabilities } from '../docker/lab-container.ts';
import type { ClusterProvider } from '../providers/types.ts';
import { routerKindByName } from '../routers/registry.ts';
import type { Router, RouterKind } from '../routers/types.ts';
import { ClientProbe, type ProbeRequest } from '../measure/probe.ts';
import type { ProbeSample } from '../measure/probe-output.ts';
import type { MeasuredLab } from '../measure/disruption.ts';
import { LabStateStore } from './state-store.ts';

export class Lab implements MeasuredLab {
  readonly #store: LabStateStore;
  #state: LabState;
  readonly provider: ClusterProvider;
  readonly router: Router;
  readonly client: ClientProbe;

  /** `kinds` stands in for the registered provider and router kind (tests). */
  constructor(store: LabStateStore, state: LabState = store.read(), kinds: { provider?: ClusterProvider; router?: RouterKind } = {}) {
    this.#store = store;
    this.#state = state;
    this.provider = kinds.provider ?? providerByName(state.provider);
    useBudgets(labBudgets(state.lab, this.provider.budgets));
    this.router = (kinds.router ?? routerKindByName(state.routerKind)).connect(state.router);
    this.client = new ClientProbe(state.client, this.vipUrl, () => this.provider.answerIdentifier(this.#state));
  }

  /** The running lab of the state file (default .lab/state.json). */
  static open(store = new LabStateStore()): Lab {
    return new Lab(store);
  }

  /** The lab as it is now: a recreated cluster has new containers, a deleted one is marked. */
  get state(): LabState {
    return this.#state;
  }

  get spec() {
    return this.#state.lab.spec;
  }

  get vip(): string {
    return this.spec.loadBalancer.vip;
  }

  get vipPrefix(): string {
    return this.#state.lab.vipPrefix;
  }

  get port(): number {
    return this.spec.workload.port;
  }

  get vipUrl(): string {
    return `http://${this.vip}:${this.port}/`;
  }

  get routerClientAddress(): string {
    return routerAddressOn(this.spec, this.spec.client.network);
  }

  get clusterNames(): string[] {
    return this.#state.clusters.map((c) => c.name);
  }

  /** Clusters not deleted. */
  get liveClusters(): string[] {
    return liveClusterNames(this.#state);
  }

  routerNeighbors() {
    return this.router.neighbors();
  }

  vipBgpRoute() {
    return this.router.bgpRoute(this.vipPrefix);
  }

  vipKernelRoute() {
    return this.router.fibRoute(this.vipPrefix);
  }

  /** What the routing software says it installed for the VIP (FRR: zebra). */
  vipInstalledRoute() {
    return this.router.installedRoute(this.vipPrefix);
  }

  /** What the router received from the live clusters' nodes. */
  async receivedRoutes() {
    const nodes = new Set(this.#state.clusters.filter((c) => !c.deleted).flatMap((c) => c.nodes.map((n) => n.address)));
    return (await this.router.receivedRoutes()).filter((r) => nodes.has(r.neighbor));
  }

  /** What the router should see of the live clusters, by Cilium's semantics applied to their objects. */
  predictedBgp() {
    return this.provider.predictedBgp(this.#state);
  }

  /**
   * The picture the lab should show with only the given clusters alive (default: those alive now):
   * sessions, the VIP's next hops per cluster and its BGP paths, from the provider's prediction.
   */
  async expectations(live: readonly string[] = this.liveClusters): Promise<LabExpectations> {
    for (const cluster of live) clusterStateOf(this.#state, cluster);
    const state = { ...this.#state, clusters: this.#state.clusters.map((c) => ({ ...c, deleted: !live.includes(c.name) })) };
    return expectationsOf(state, await this.provider.predictedBgp(state));
  }

  /** Why no node of a cluster announces the VIP, in Cilium's terms. */
  whyNoVip(cluster: string) {
    return this.provider.whyNoVip(this.#state, cluster);
  }

  nodeNeighbors(cluster: string, node: string) {
    return this.provider.nodeNeighbors(this.#state, cluster, node);
  }

  /** The BGP speaker running on a node now: when it started and what it runs (undefined: none runs). */
  speakerRun(cluster: string, node: string) {
    return this.provider.speakerRun(this.#state, cluster, node);
  }

  /** Runs the HTTP probe inside the client container. */
  probe(request: ProbeRequest): Promise<ProbeSample[]> {
    return this.client.run(request);
  }

  /** Deletes a cluster abruptly; deleting one already gone is not an error. */
  async deleteCluster(cluster: string): Promise<void> {
    clusterStateOf(this.#state, cluster);
    await this.provider.deleteCluster(this.#state, cluster);
    this.#change((s) => ({ ...s, clusters: s.clusters.map((c) => (c.name === cluster ? { ...c, deleted: true } : c)) }));
  }

  async recreateCluster(cluster: string, log: (line: string) => void = () => {}): Promise<void> {
    clusterStateOf(this.#state, cluster);
    const recreated = await this.provider.recreateCluster(this.#state, cluster, log);
    this.#change((s) => ({ ...s, clusters: s.clusters.map((c) => (c.name === cluster ? recreated : c)) }));
  }

  withdrawAdvertisements(cluster: string): Promise<void> {
    clusterStateOf(this.#state, cluster);
    return this.provider.withdrawAdvertisements(this.#state, cluster);
  }

  restartSpeaker(cluster: string, node: string): Promise<void> {
    clusterStateOf(this.#state, cluster);
    return this.provider.restartSpeaker(this.#state, cluster, node);
  }

  /** Every lab-made container's capabilities, as Docker gave them, beside what its role should have. */
  capabilities(): Promise<ContainerCapabilities[]> {
    return sessionCapabilities(this.#state.session);
  }

  /** The rolling upgrades the provider can run on this lab (emulated: the other speaker build and back; kind: CILIUM_FROM -> CILIUM_VERSION). */
  upgradeSteps(): Promise<readonly UpgradeStep[]> {
    return this.provider.upgradeSteps(this.#state);
  }

  #change(change: (state: LabState) => LabState): void {
    this.#state = this.#store.update(change);
  }
}
