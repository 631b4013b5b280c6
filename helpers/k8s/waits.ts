// Waits on a kind cluster's API, each a poll against a named budget: the
// LoadBalancer VIP assigned, Cilium rolled out, every node's BGP peers up.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { BgpNeighbor } from '../bgp/model.ts';
import { waitFor, type BudgetOptions } from '../model/budgets.ts';
import { describeApiError } from './api-error.ts';
import { bgpNodeConfigToNeighbors } from './bgp-node-config.ts';

/** Runs one API read, turning a failure into "reading <what>: HTTP 404 NotFound: …". */
async function reading<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new Error(`reading ${what}: ${describeApiError(error)}`, { cause: error });
  }
}

/** Resolves once the Service's status.loadBalancer.ingress holds `expectedIp`. */
export async function waitForServiceIngressIp(
  kc: KubeConfig,
  namespace: string,
  name: string,
  expectedIp: string,
  options: BudgetOptions = {},
): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const what = `Service ${namespace}/${name}`;
  await waitFor(
    'serviceIp',
    `${what} to get LoadBalancer ingress IP ${expectedIp}`,
    async () => {
      const service = await reading(what, () => core.readNamespacedService({ namespace, name }));
      return (service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '?');
    },
    (ips) => ips.includes(expectedIp),
    (ips) => (!ips || ips.length === 0 ? 'no ingress yet' : `ingress ${ips.join(', ')}`),
    options,
  );
}

export type RolloutKind = 'DaemonSet' | 'Deployment';

export interface RolloutStatus {
  readonly desired: number;
  readonly ready: number;
  readonly updated: number;
  /** The controller has seen the latest spec (status.observedGeneration >= metadata.generation). */
  readonly current: boolean;
}

interface RolloutSource {
  readonly metadata?: { readonly generation?: number };
  readonly status?: { readonly observedGeneration?: number };
}

function current(obj: RolloutSource): boolean {
  return (obj.status?.observedGeneration ?? 0) >= (obj.metadata?.generation ?? 0);
}

async function readRollout(apps: AppsV1Api, kind: RolloutKind, namespace: string, name: string): Promise<RolloutStatus> {
  const what = `${kind} ${namespace}/${name}`;
  if (kind === 'DaemonSet') {
    const ds = await reading(what, () => apps.readNamespacedDaemonSet({ namespace, name }));
    return {
      desired: ds.status?.desiredNumberScheduled ?? 0,
      ready: ds.status?.numberReady ?? 0,
      updated: ds.status?.updatedNumberScheduled ?? 0,
      current: current(ds),
    };
  }
  const deploy = await reading(what, () => apps.readNamespacedDeployment({ namespace, name }));
  return {
    desired: deploy.spec?.replicas ?? 1,
    ready: deploy.status?.readyReplicas ?? 0,
    updated: deploy.status?.updatedReplicas ?? 0,
    current: current(deploy),
  };
}

/**
 * Rolled out: the controller has seen the latest spec and ready == desired > 0
 * (DaemonSet: numberReady == desiredNumberScheduled == updatedNumberScheduled;
 * Deployment: readyReplicas == spec.replicas).
 */
export function rolledOut(kind: RolloutKind, s: RolloutStatus): boolean {
  return s.current && s.desired > 0 && s.ready === s.desired && (kind === 'Deployment' || s.updated === s.desired);
}

export async function waitForRollout(
  kc: KubeConfig,
  kind: RolloutKind,
  namespace: string,
  name: string,
  options: BudgetOptions = {},
): Promise<void> {
  const apps = kc.makeApiClient(AppsV1Api);
  await waitFor(
    'ciliumReady',
    `${kind} ${namespace}/${name} to be rolled out`,
    () => readRollout(apps, kind, namespace, name),
    (s) => rolledOut(kind, s),
    (s) => (s ? `${s.ready}/${s.desired} ready, ${s.updated}/${s.desired} updated${s.current ? '' : ', controller has not seen the latest spec'}` : 'nothing'),
    options,
  );
}

export type CiliumBgpApiVersion = 'cilium.io/v2' | 'cilium.io/v2alpha1';

/** The BGP sessions of one node as its CiliumBGPNodeConfig status reports them (cilium.io/v2 from Cilium 1.18, v2alpha1 before). */
export async function readBgpNodeConfigNeighbors(kc: KubeConfig, nodeName: string, apiVersion: CiliumBgpApiVersion = 'cilium.io/v2'): Promise<BgpNeighbor[]> {
  const [group = 'cilium.io', version = 'v2'] = apiVersion.split('/');
  const custom = kc.makeApiClient(CustomObjectsApi);
  const obj: unknown = await reading(`CiliumBGPNodeConfig ${nodeName} (${apiVersion})`, () =>
    custom.getClusterCustomObject({ group, version, plural: 'ciliumbgpnodeconfigs', name: nodeName }),
  );
  return bgpNodeConfigToNeighbors(obj);
}

/** One node's view in a BGP wait: its neighbours, or why they could not be read. */
export interface NodePeers {
  readonly node: string;
  readonly neighbors?: readonly BgpNeighbor[];
  readonly error?: string;
}

function allEstablished(nodes: readonly NodePeers[]): boolean {
  return nodes.every((n) => n.neighbors !== undefined && n.neighbors.length > 0 && n.neighbors.every((p) => p.state === 'Established'));
}

function describeNodes(nodes: readonly NodePeers[] | undefined): string {
  if (!nodes) return 'nothing';
  return nodes
    .map((n) => {
      if (n.error !== undefined) return `${n.node}: ${n.error}`;
      if (!n.neighbors || n.neighbors.length === 0) return `${n.node}: no peers in status yet`;
      return `${n.node}: ${n.neighbors.map((p) => `${p.address} AS ${p.remoteAs} ${p.state}`).join(', ')}`;
    })
    .join('; ');
}

/** Resolves once every node's CiliumBGPNodeConfig lists at least one peer and all of them Established; returns the neighbours by node. */
export async function waitForBgpPeersEstablished(
  kc: KubeConfig,
  nodeNames: readonly string[],
  apiVersion: CiliumBgpApiVersion = 'cilium.io/v2',
  options: BudgetOptions = {},
): Promise<Record<string, BgpNeighbor[]>> {
  if (nodeNames.length === 0) throw new Error('waitForBgpPeersEstablished: no node names given');
  const nodes = await waitFor(
    'bgpNodeConfig',
    `every BGP peer of ${nodeNames.join(', ')} to be Established (CiliumBGPNodeConfig ${apiVersion})`,
    () =>
      Promise.all(
        nodeNames.map(async (node): Promise<NodePeers> => {
          try {
            return { node, neighbors: await readBgpNodeConfigNeighbors(kc, node, apiVersion) };
          } catch (error) {
            return { node, error: (error as Error).message };
          }
        }),
      ),
    allEstablished,
    describeNodes,
    options,
  );
  return Object.fromEntries(nodes.map((n) => [n.node, [...(n.neighbors ?? [])]]));
}
