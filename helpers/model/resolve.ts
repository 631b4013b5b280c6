// The lab compiled once from its spec: validated, every cluster's manifests
// loaded, parsed and checked against the spec, node names and addresses and
// peer timers worked out. Plain data (it travels in the lab state), so every
// layer above reads the same model and nothing parses a manifest twice.
import type { ClusterSpec, LabSpec, NetworkSpec } from './spec.ts';
import { SpecError, validateLab, type SpecIssue } from './validate.ts';
import { checkManifestsAgainstSpec } from './manifest-checks.ts';
import { clusterNodeAddresses, clusterNodeNames, networkOf, routerAddressOn } from './addresses.ts';
import { loadClusterManifests, type KubeObject } from '../cilium/manifests.ts';
import { readCiliumBgpResources, type CiliumBgpResources } from '../cilium/resources.ts';
import { bgpAuthSecrets } from '../cilium/auth-secrets.ts';
import { peerTimersOf, peerTimersSource, type PeerTimers } from '../cilium/peer-timers.ts';
import { checkPeerTimersAgainstObjectives, objectivesOf } from './objectives.ts';
import { placementOf, placeObjects, placeSpec, type Placement } from './placement.ts';
import { schemaProblems } from '../cilium/schema/validate-objects.ts';
import { schemaMinors, schemaSet } from '../cilium/schema/schema-sets.ts';

export interface ResolvedNode {
  /** The node's name as the cluster knows it (kind: <cluster>-control-plane, <cluster>-worker, ...). */
  readonly name: string;
  /** The address the spec expects it on (kind: docker's IPAM decides; the set is checked after creation). */
  readonly address: string;
}

export interface ResolvedCluster {
  readonly spec: ClusterSpec;
  /** Position in spec.clusters, for error messages naming the field. */
  readonly index: number;
  readonly network: NetworkSpec;
  /** The router's address on this cluster's network: the nodes' BGP peer and their way to the client. */
  readonly routerAddress: string;
  readonly nodes: readonly ResolvedNode[];
  /** What the cluster gets applied: the golden manifests plus the BGP auth Secrets the lab creates. */
  readonly manifests: readonly KubeObject[];
  readonly resources: CiliumBgpResources;
  readonly peerTimers: PeerTimers;
}

export interface ResolvedLab {
  /** The spec as this copy of the lab runs it (placement.ts: copy n > 0 has its own name and subnets). */
  readonly spec: LabSpec;
  /** Which copy of the spec this is, and where its networks are. */
  readonly placement: Placement;
  readonly clusters: readonly ResolvedCluster[];
  /** The VIP as a host route, as routers show it. */
  readonly vipPrefix: string;
  /** Routes every cluster node needs back to the client network. */
  readonly clientSubnet: string;
}

/**
 * Validates the spec and cross-checks each cluster's manifests against it, reporting every problem
 * of both in one list: a user fixes them in one round, not two.
 */
export async function resolveLab(written: LabSpec, placement: Placement = placementOf(written, 0)): Promise<ResolvedLab> {
  const spec = placeSpec(written, placement);
  const specIssues = validateLab(spec);
  let clusters: ResolvedCluster[] = [];
  let manifestIssues: SpecIssue[] = [];
  try {
    // Every object of every cluster against Cilium's own schemas first, all at once: a misspelt or
    // mistyped field is named where it is, before what follows from it being dropped.
    const loaded = await Promise.all(spec.clusters.map(async (cluster) => loadClusterManifests(spec.manifestsDir, cluster.name)));
    const schemaIssues = manifestSchemaIssues(loaded.flat());
    if (schemaIssues.length > 0) throw new SpecError([...specIssues, ...schemaIssues], spec.name);
    clusters = await Promise.all(spec.clusters.map((cluster, index) => resolveCluster(spec, cluster, index, placement, loaded[index]!)));
    const objectives = objectivesOf(spec);
    manifestIssues = clusters.flatMap((c) => [
      ...checkManifestsAgainstSpec(spec, c.spec.name, c.resources),
      ...checkPeerTimersAgainstObjectives(objectives, c.spec.name, c.index, c.peerTimers, peerTimersSource(c.resources, c.spec.peerAddress)),
    ]);
  } catch (error) {
    // A spec this broken may not even lead to its manifests: its own problems are the ones to fix first.
    if (specIssues.length === 0 || error instanceof SpecError) throw error;
  }
  const issues = [...specIssues, ...manifestIssues];
  if (issues.length > 0) throw new SpecError(issues, spec.name);
  return { spec, placement, clusters, vipPrefix: `${spec.loadBalancer.vip}/32`, clientSubnet: networkOf(spec, spec.client.network).subnet };
}

/** What Cilium's CRD schemas refuse in the manifests (schema/validate-objects.ts), once per object even when clusters share a file. */
function manifestSchemaIssues(objects: readonly KubeObject[]): SpecIssue[] {
  // The manifests as written, for the newest Cilium: a kind run checks them again as its own version gets them (providers/kind/manifest-schemas.ts).
  const set = schemaSet(schemaMinors().at(-1)!);
  const unique = [...new Map(objects.map((o) => [o.source, o])).values()];
  return schemaProblems(unique, set).map((message) => ({ field: `manifests (Cilium ${set.minor} CRD schemas)`, message }));
}

async function resolveCluster(spec: LabSpec, cluster: ClusterSpec, index: number, placement: Placement, written: readonly KubeObject[]): Promise<ResolvedCluster> {
  const loaded = placeObjects(written, placement);
  const manifests = [...bgpAuthSecrets(loaded, spec.bgpPassword), ...loaded];
  let resources: CiliumBgpResources;
  try {
    resources = readCiliumBgpResources(manifests);
  } catch (error) {
    throw new Error(`cluster ${cluster.name}: ${(error as Error).message}`, { cause: error });
  }
  const addresses = clusterNodeAddresses(cluster, spec);
  return {
    spec: cluster,
    index,
    network: networkOf(spec, cluster.network),
    routerAddress: routerAddressOn(spec, cluster.network),
    nodes: clusterNodeNames(cluster).map((name, i) => ({ name, address: addresses[i]! })),
    manifests,
    resources,
    peerTimers: peerTimersOf(resources, cluster.peerAddress),
  };
}

/** One cluster of the resolved lab; an unknown name lists the known ones. */
export function clusterOf(lab: ResolvedLab, name: string): ResolvedCluster {
  const found = lab.clusters.find((c) => c.spec.name === name);
  if (!found) throw new Error(`lab "${lab.spec.name}" has no cluster "${name}" (clusters: ${lab.clusters.map((c) => c.spec.name).join(', ')})`);
  return found;
}
