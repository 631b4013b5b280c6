// The emulated cluster provider: one container per node on the cluster's
// network, each running a GoBGP speaker configured by translating the cluster's
// Cilium manifests, and answering HTTP on the Service addresses. Real BGP,
// real kernel routes, real TCP; no Kubernetes.
import type { ClusterSpec, LabSpec } from '../../spec/spec.ts';
import type { ClusterState, LabState, NodeState } from '../../spec/state.ts';
import type { ClusterProvider, ProviderContext } from '../types.ts';
import { clusterNodeAddresses, clusterNodeNames, networkOf, routerAddressOn } from '../../spec/addresses.ts';
import { containerName } from '../../routers/frr/router.ts';
import { labClusterManifests } from '../../cilium/auth-secrets.ts';
import { readCiliumBgpResources } from '../../cilium/resources.ts';
import { translateCluster, type ClusterPlan, type EmulatedNode } from './translate.ts';
import { parseEmulatedAnswer, renderNodeFiles } from './node-files.ts';
import { labLabels, LABEL_CLUSTER, LABEL_SESSION } from '../../docker/labels.ts';
import { startLabContainer } from '../../docker/lab-container.ts';
import { runtime } from '../../docker/runtime.ts';
import { execOk } from '../../docker/exec.ts';
import { parseGobgpNeighbors } from './gobgp-parse.ts';
import type { BgpNeighbor } from '../../bgp/model.ts';

/** The labels kind gives its nodes, which CiliumBGPClusterConfig nodeSelectors match against. */
export function emulatedNodes(cluster: ClusterSpec, spec: LabSpec): EmulatedNode[] {
  const addresses = clusterNodeAddresses(cluster, spec);
  return clusterNodeNames(cluster).map((name, i) => ({
    name,
    address: addresses[i]!,
    labels: {
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      ...(i === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
    },
  }));
}

function nodeImage(ctx: ProviderContext): string {
  if (!ctx.images.node) throw new Error('the emulated provider needs the lab node image, which was not built');
  return ctx.images.node;
}

export async function planCluster(spec: LabSpec, cluster: ClusterSpec): Promise<ClusterPlan> {
  const objects = await labClusterManifests(spec, cluster.name);
  try {
    const resources = readCiliumBgpResources(objects);
    return translateCluster({ cluster: cluster.name, resources, nodes: emulatedNodes(cluster, spec), serviceSubnet: cluster.serviceSubnet, podSubnet: cluster.podSubnet });
  } catch (error) {
    throw new Error(`cluster ${cluster.name}: ${(error as Error).message}`, { cause: error });
  }
}

async function createCluster(ctx: ProviderContext, cluster: ClusterSpec): Promise<ClusterState> {
  const { spec } = ctx;
  const plan = await planCluster(spec, cluster);
  const network = ctx.networks[cluster.network]!;
  const returnRoutes = [{ prefix: networkOf(spec, spec.client.network).subnet, via: routerAddressOn(spec, cluster.network) }];
  for (const n of plan.nodes) for (const note of n.notes) ctx.log(`${cluster.name}/${n.node.name}: ${note}`);
  const nodes = await Promise.all(plan.nodes.map(async (nodePlan): Promise<NodeState> => {
    const name = containerName(spec, nodePlan.node.name);
    const started = await startLabContainer({
      image: nodeImage(ctx),
      name,
      hostname: nodePlan.node.name,
      labels: labLabels(ctx.session, spec.name, 'node', cluster.name),
      attachments: [{ network: network.name, address: nodePlan.node.address }],
      readyLine: /lab-node ready/,
      files: renderNodeFiles(nodePlan, cluster.name, returnRoutes),
    });
    return { name: nodePlan.node.name, address: nodePlan.node.address, container: { name, id: started.getId() } };
  }));
  return { name: cluster.name, nodes };
}

/** Each node's rendered files: routes, speaker config, announcements, HTTP answer. */
async function describeEmulatedPlan(spec: LabSpec): Promise<string> {
  const out: string[] = [];
  for (const cluster of spec.clusters) {
    const plan = await planCluster(spec, cluster);
    const returnRoutes = [{ prefix: networkOf(spec, spec.client.network).subnet, via: routerAddressOn(spec, cluster.network) }];
    out.push(`## cluster ${cluster.name}`);
    for (const s of plan.services) {
      out.push(`service ${s.service.namespace}/${s.service.name}: clusterIP ${s.clusterIP ?? 'none'}, loadBalancer ${s.loadBalancerIPs.join(', ') || `(pending: ${s.pending ?? 'not a LoadBalancer'})`}`);
    }
    for (const node of plan.nodes) {
      out.push('', `### node ${node.node.name} (${node.node.address})`, ...node.notes.map((n) => `note: ${n}`));
      for (const [path, content] of Object.entries(renderNodeFiles(node, cluster.name, returnRoutes))) out.push(`--- ${path}`, content.trimEnd());
    }
    out.push('');
  }
  return out.join('\n');
}

export const emulatedProvider: ClusterProvider = {
  name: 'emulated',
  images: ['node'],

  describePlan: describeEmulatedPlan,

  async checkHost() {
    // Docker alone, which the lab checks for every provider.
  },

  async check(spec) {
    await Promise.all(spec.clusters.map((c) => planCluster(spec, c)));
  },

  createClusters(ctx) {
    return Promise.all(ctx.spec.clusters.map((c) => createCluster(ctx, c)));
  },

  async deleteCluster(state, cluster) {
    const client = await runtime();
    const containers = await client.container.dockerode.listContainers({
      all: true,
      filters: { label: [`${LABEL_SESSION}=${state.session}`, `${LABEL_CLUSTER}=${cluster}`] },
    });
    // Force removal kills the speakers without a BGP NOTIFICATION, as `kind delete cluster` does.
    await Promise.all(containers.map((c) => client.container.dockerode.getContainer(c.Id).remove({ force: true })));
  },

  async recreateCluster(state, cluster, log) {
    const clusterSpec = state.spec.clusters.find((c) => c.name === cluster);
    if (!clusterSpec) throw new Error(`recreateCluster: no cluster "${cluster}" in lab ${state.spec.name}`);
    return createCluster({ spec: state.spec, session: state.session, networks: state.networks, images: state.images, log }, clusterSpec);
  },

  async withdrawAdvertisements(state, cluster) {
    const clusterSpec = state.spec.clusters.find((c) => c.name === cluster)!;
    const plan = await planCluster(state.spec, clusterSpec);
    await Promise.all(plan.nodes.map(async (nodePlan) => {
      const container = findNode(state, cluster, nodePlan.node.name).container.name;
      for (const a of nodePlan.announcements) await execOk(container, ['gobgp', 'global', 'rib', 'del', '-a', 'ipv4', a.prefix]);
    }));
  },

  async restartSpeaker(state, cluster, node) {
    // SIGKILL, like a crashing agent: no NOTIFICATION, the TCP session just closes. The entrypoint restarts it.
    await execOk(findNode(state, cluster, node).container.name, ['pkill', '-KILL', '-x', 'gobgpd']);
  },

  async nodeNeighbors(state, cluster, node): Promise<BgpNeighbor[]> {
    const ref = findNode(state, cluster, node).container;
    return parseGobgpNeighbors(await execOk(ref.name, ['gobgp', 'neighbor', '-j']));
  },

  identify: (_state, body) => parseEmulatedAnswer(body),

  async cleanup() {
    // Everything the emulated provider makes is a labelled container.
  },
};

export function findNode(state: LabState, cluster: string, node: string): NodeState {
  const found = state.clusters.find((c) => c.name === cluster)?.nodes.find((n) => n.name === node);
  if (!found) throw new Error(`lab ${state.spec.name} has no node ${node} in cluster ${cluster}`);
  return found;
}
