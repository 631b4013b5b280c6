// The vocabulary of a kind plan: its settings and its steps (host commands and
// Kubernetes API actions). Types only, so the plan and the upgrade plan both
// build on it without importing each other.
import type { KubeObject } from '../../cilium/manifests.ts';
import type { CiliumVersion } from './versions.ts';

export interface KindSettings {
  /** CILIUM_VERSION: the Cilium the lab runs (after its rolling upgrade, when one is configured). */
  readonly ciliumVersion: CiliumVersion;
  /** CILIUM_FROM: the Cilium the clusters are created with, upgraded to ciliumVersion under traffic. */
  readonly upgradeFrom?: CiliumVersion;
  /** The kind node image, chosen for the Cilium the clusters are created with. */
  readonly nodeImage: string;
  /** Folder for the rendered files and kubeconfigs of this run (under .lab/kind). */
  readonly workDir: string;
  /** helm's --timeout: the budget of its install and upgrade with --wait. */
  readonly helmTimeout: string;
  /**
   * The platform images are saved for (`docker save --platform`), with Docker's containerd image
   * store; undefined with the classic store, whose saves hold one platform anyway (image-store.ts).
   */
  readonly imagePlatform?: string;
}

export interface HostStep {
  readonly type: 'host';
  readonly what: string;
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Files the command reads, written before it runs. */
  readonly files?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** The Cilium version the cluster runs once this step succeeded (helm's install or upgrade, with --wait). */
  readonly ciliumAfter?: string;
}

export type ApiAction =
  | { readonly action: 'untaint-control-plane'; readonly node: string }
  | { readonly action: 'apply'; readonly objects: readonly KubeObject[] }
  | { readonly action: 'wait-rollout'; readonly kind: 'DaemonSet' | 'Deployment'; readonly namespace: string; readonly name: string }
  | { readonly action: 'wait-service-ip'; readonly namespace: string; readonly name: string; readonly ip: string }
  | { readonly action: 'wait-bgp-established'; readonly nodes: readonly string[]; readonly apiVersion: 'cilium.io/v2' | 'cilium.io/v2alpha1' };

export type ApiStep = { readonly type: 'api'; readonly what: string } & ApiAction;

export type PlanStep = HostStep | ApiStep;
