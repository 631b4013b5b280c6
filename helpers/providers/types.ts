// The one interface both cluster providers implement. Scenario files only see
// this, so they run unchanged on emulated and kind clusters.
import type { LabNetwork } from '../docker/networks.ts';
import type { ImageName, LabImages } from '../docker/images.ts';
import type { BgpNeighbor } from '../bgp/model.ts';
import type { LabSpec } from '../spec/spec.ts';
import type { ClusterState, LabState } from '../spec/state.ts';

export interface ProviderContext {
  readonly spec: LabSpec;
  readonly session: string;
  /** Docker networks by spec network name. */
  readonly networks: Readonly<Record<string, LabNetwork>>;
  readonly images: LabImages;
  readonly log: (line: string) => void;
}

export interface Answer {
  readonly cluster: string;
  readonly node: string;
}

export interface ClusterProvider {
  readonly name: string;
  /** Lab images this provider's clusters run on (besides the router's and client's). */
  readonly images: readonly ImageName[];
  /** What the provider would run for a spec, as text; runs nothing (`npm run lab -- plan`). */
  describePlan(spec: LabSpec): Promise<string>;
  /** Fails before anything is created when the manifests cannot run on this provider. */
  check(spec: LabSpec): Promise<void>;
  /** Checks the host has what this provider needs (tools, limits, memory), before the lab creates anything. */
  checkHost(spec: LabSpec): Promise<void>;
  /** Creates every cluster of the spec (in parallel); all it makes carries the session label. */
  createClusters(ctx: ProviderContext): Promise<ClusterState[]>;
  /** Deletes one cluster abruptly, as `kind delete cluster` does. */
  deleteCluster(state: LabState, cluster: string): Promise<void>;
  /** Creates a deleted cluster again, as it was first created, and returns its new state. */
  recreateCluster(state: LabState, cluster: string, log: (line: string) => void): Promise<ClusterState>;
  /** Withdraws every route the cluster advertises; its speakers and datapath stay up. */
  withdrawAdvertisements(state: LabState, cluster: string): Promise<void>;
  /** Restarts one node's BGP speaker (Cilium: its agent); the node keeps serving traffic. */
  restartSpeaker(state: LabState, cluster: string, node: string): Promise<void>;
  /** The BGP sessions as one cluster node's speaker sees them. */
  nodeNeighbors(state: LabState, cluster: string, node: string): Promise<BgpNeighbor[]>;
  /** Which cluster and node answered an HTTP request to the VIP (the state may map pod names to clusters). */
  identify(state: LabState, body: string): Answer | undefined;
  /** Removes what a run of this provider left outside docker's labelled containers and networks. */
  cleanup(session: string | undefined): Promise<void>;
}
