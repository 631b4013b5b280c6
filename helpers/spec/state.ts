// What a running lab is, as plain data: handed from the global setup to the
// scenario files (vitest provide/inject) and written to .lab/state.json for
// the CLI (shell, vtysh, down) of a lab kept running.
import type { LabSpec } from './spec.ts';
import type { LabImages } from '../docker/images.ts';

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
  readonly nodes: readonly NodeState[];
  /** kind: the cluster's own kubeconfig file (the user's kubectl context is never touched). */
  readonly kubeconfig?: string;
  /** kind: the workload's pod names, to tell which cluster answered a request. */
  readonly workloadPods?: Readonly<Record<string, string>>;
}

export interface LabState {
  readonly session: string;
  readonly provider: string;
  readonly spec: LabSpec;
  readonly router: ContainerRef;
  readonly client: ContainerRef;
  readonly clusters: readonly ClusterState[];
  /** Docker networks by spec network name. */
  readonly networks: Readonly<Record<string, { readonly name: string; readonly id: string; readonly subnet: string }>>;
  /** The lab images this run used (a recreated cluster uses them again). */
  readonly images: LabImages;
  /** Milliseconds each bring-up phase took. */
  readonly phases: Readonly<Record<string, number>>;
}

export const STATE_DIR = '.lab';
export const STATE_FILE = `${STATE_DIR}/state.json`;
