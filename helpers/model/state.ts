// What a running lab is, as plain data: written to the session's state file by
// its one owner (lab/state-store.ts) and read from there by the scenario files
// and the CLI, so a change one of them makes (a deleted or recreated cluster)
// is what the others see.
import type { ResolvedLab } from './resolve.ts';

export interface ContainerRef {
  readonly name: string;
  readonly id: string;
}

export interface NodeState {
  readonly name: string;
  readonly address: string;
  /** Emulated nodes and kind nodes are both containers. */
  readonly container: ContainerRef;
}

export interface ClusterState {
  readonly name: string;
  /** The nodes as last created; a deleted cluster keeps them, to say what it had. */
  readonly nodes: readonly NodeState[];
  /** Deleted by a scenario or the CLI and not created again. */
  readonly deleted?: boolean;
}

/** The lab's image names; a provider that brings its own nodes (kind) has no `node` image. */
export const IMAGE_NAMES = ['router', 'node', 'client'] as const;
export type ImageName = (typeof IMAGE_NAMES)[number];
/** Image tags by name. */
export type LabImages = Readonly<Partial<Record<ImageName, string>>> & { readonly router: string; readonly client: string };

export interface LabNetworkRef {
  readonly name: string;
  readonly id: string;
  readonly subnet: string;
}

export interface LabState {
  readonly session: string;
  /** The cluster provider's name (providers/registry.ts). */
  readonly provider: string;
  /** The router kind's name (routers/registry.ts). */
  readonly routerKind: string;
  /** The spec compiled once at bring-up. */
  readonly lab: ResolvedLab;
  readonly router: ContainerRef;
  readonly client: ContainerRef;
  readonly clusters: readonly ClusterState[];
  /** Docker networks by spec network name. */
  readonly networks: Readonly<Record<string, LabNetworkRef>>;
  /** The lab images this run used (a recreated cluster uses them again). */
  readonly images: LabImages;
  /** Milliseconds each bring-up phase took. */
  readonly phases: Readonly<Record<string, number>>;
  /** Epoch ms when bring-up started: bring-up objectives count from here. */
  readonly startedAt?: number;
  /** The folder this run's reports go to (report/run-folder.ts): `diagnose` writes beside them. */
  readonly reportsDir?: string;
  /** Left running on purpose (`npm run lab -- up`, LAB_KEEP=1): a later run must not take it for a crashed one's leftovers. */
  readonly keptRunning?: boolean;
}

/** One cluster's live state; an unknown name lists the known ones. */
export function clusterStateOf(state: LabState, name: string): ClusterState {
  const found = state.clusters.find((c) => c.name === name);
  if (!found) throw new Error(`lab "${state.lab.spec.name}" has no cluster "${name}" (clusters: ${state.clusters.map((c) => c.name).join(', ')})`);
  return found;
}

/** One node of a cluster; an unknown name lists the cluster's nodes. */
export function nodeStateOf(state: LabState, cluster: string, node: string): NodeState {
  const c = clusterStateOf(state, cluster);
  const found = c.nodes.find((n) => n.name === node);
  if (!found) throw new Error(`cluster ${cluster} of lab "${state.lab.spec.name}" has no node "${node}" (nodes: ${c.nodes.map((n) => n.name).join(', ')})`);
  return found;
}

/** Clusters not deleted. */
export function liveClusterNames(state: LabState): string[] {
  return state.clusters.filter((c) => !c.deleted).map((c) => c.name);
}

/** Who answered a request to the VIP, as the workload says about itself. */
export interface Answer {
  readonly cluster: string;
  readonly node: string;
}

/** Reads an answer's body; undefined when it does not say who answered. */
export type AnswerIdentifier = (body: string) => Answer | undefined;
