// The one interface every cluster provider implements. The lab drives clusters
// only through it; what is special about a provider (its versions, its
// diagnostics, its budgets, how an answer is identified, what deleting or
// restarting means) lives behind it, in the provider's own folder.
import type { BgpNeighbor } from '../bgp/model.ts';
import type { PredictedBgp } from '../model/advertised-routes.ts';
import type { BudgetOverrides } from '../model/budgets.ts';
import type { ResolvedLab } from '../model/resolve.ts';
import type { AnswerIdentifier, ClusterState, ImageName, LabImages, LabNetworkRef, LabState } from '../model/state.ts';

export interface ProviderContext {
  readonly lab: ResolvedLab;
  readonly session: string;
  /** Docker networks by spec network name. */
  readonly networks: Readonly<Record<string, LabNetworkRef>>;
  readonly images: LabImages;
  readonly log: (line: string) => void;
}

/** One rolling upgrade of every live cluster's BGP speakers (Cilium: its agents), run under traffic. */
export interface UpgradeStep {
  /** What changes, e.g. "gobgp 3.36.0 -> 3.10.0" or "cilium 1.19.8 -> 1.20.1". */
  readonly label: string;
  readonly from: string;
  readonly to: string;
  /**
   * Rolls the speakers node by node, as a DaemonSet update does, telling `onNode` as each node's
   * restart begins; resolves when every node runs `to` and its speaker is up again.
   */
  run(state: LabState, onNode: (cluster: string, node: string) => void, log: (line: string) => void): Promise<void>;
}

/** The BGP speaker running on a node now, as the node itself records it: proof that it restarted, and into what. */
export interface SpeakerRun {
  /** Epoch ms it started (emulated: the gobgpd process, to 10 ms; kind: the Cilium agent container, to the second). */
  readonly startedAt: number;
  /** What it runs, spelt as UpgradeStep.to (emulated: the GoBGP version; kind: the Cilium version of the agent's image). */
  readonly version: string;
}

export interface ClusterProvider {
  readonly name: string;
  /** Lab images this provider's clusters run on (besides the router's and client's). */
  readonly images: readonly ImageName[];
  /** Wait budgets this provider needs other than the defaults (model/budgets.ts). */
  readonly budgets: BudgetOverrides;
  /** Vitest's per-test and per-hook timeout for scenarios on this provider. */
  readonly scenarioTimeoutMs: number;
  /**
   * Labs this provider can run at once on one host, whole labs side by side (model/placement.ts
   * moves their networks and names). 1: one lab at a time (kind: its cluster names are the host's).
   * The suite gives each destructive scenario a lab of its own only when this is above 1.
   */
  readonly labsAtOnce: (host: { readonly cores: number; readonly memoryGiB: number }) => number;
  /** What the provider would run for a lab, as text; runs nothing (`npm run lab -- plan`). */
  describePlan(lab: ResolvedLab): Promise<string>;
  /** Fails before anything is created when the lab cannot run on this provider. */
  check(lab: ResolvedLab): Promise<void>;
  /** Checks the host has what this provider needs (tools, limits, memory), before the lab creates anything. */
  checkHost(lab: ResolvedLab): Promise<void>;
  /** Creates every cluster of the lab (in parallel); all it makes carries the session label. */
  createClusters(ctx: ProviderContext): Promise<ClusterState[]>;
  /** Deletes one cluster abruptly, as `kind delete cluster` does; deleting one already gone is not an error. */
  deleteCluster(state: LabState, cluster: string): Promise<void>;
  /** Creates a deleted cluster again, as it was first created, and returns its new state. */
  recreateCluster(state: LabState, cluster: string, log: (line: string) => void): Promise<ClusterState>;
  /** Withdraws every route the cluster advertises; its speakers and datapath stay up. */
  withdrawAdvertisements(state: LabState, cluster: string): Promise<void>;
  /** Restarts one node's BGP speaker (Cilium: its agent); the node keeps serving traffic. */
  restartSpeaker(state: LabState, cluster: string, node: string): Promise<void>;
  /**
   * Whether this run has an upgrade to roll (kind: CILIUM_FROM is set). Without one the rolling-upgrade
   * scenario is left out of the run (vitest.config.ts), never counted as skipped or passed.
   */
  upgradeConfigured(): boolean;
  /** The rolling upgrades this lab can run under traffic, in order; empty when none is configured (kind without CILIUM_FROM). */
  upgradeSteps(state: LabState): Promise<readonly UpgradeStep[]>;
  /** The speaker running on one node now (undefined: none runs, e.g. a node no cluster config selects). */
  speakerRun(state: LabState, cluster: string, node: string): Promise<SpeakerRun | undefined>;
  /** The BGP sessions as one cluster node's speaker sees them. */
  nodeNeighbors(state: LabState, cluster: string, node: string): Promise<BgpNeighbor[]>;
  /**
   * Where the cluster's own Cilium CRDs part from the schemas the lab checks manifests against
   * (fixtures/cilium-schemas/), one line per field; a provider without an API server has none to ask.
   */
  schemaDrift?(state: LabState, cluster: string): Promise<string[]>;
  /**
   * The sessions the router should have with the live clusters' nodes and what each node should
   * announce on them, by Cilium's semantics applied to the clusters' objects as they are now (kind:
   * Services, nodes and EndpointSlices read from its API). Clusters marked deleted are left out.
   */
  predictedBgp(state: LabState): Promise<PredictedBgp>;
  /** Why no node of a live cluster announces the VIP, in Cilium's terms (object, file, field); empty when nothing explains it. */
  whyNoVip(state: LabState, cluster: string): Promise<string[]>;
  /** Tells which cluster and node answered a request, from what the workload says about itself now. */
  answerIdentifier(state: LabState): Promise<AnswerIdentifier>;
  /** Versions of what the clusters run, for results ({ gobgp } or { cilium, kind }). */
  versions(state: LabState): Promise<Record<string, string>>;
  /** Diagnostics of a failed run: file name to text; `dir` is where it may put folders of its own. */
  diagnostics(state: LabState, dir: string): Promise<Record<string, string>>;
  /** Removes what a run of this provider left outside docker's labelled containers and networks. */
  cleanup(session: string | undefined): Promise<void>;
}
