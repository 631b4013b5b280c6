// The emulated cluster provider: one container per node on the cluster's
// network, each running a GoBGP speaker configured by translating the cluster's
// Cilium manifests, and answering HTTP on the Service addresses. Real BGP,
// real kernel routes, real TCP; no Kubernetes.
import type { ResolvedCluster, ResolvedLab } from '../../model/resolve.ts';
import { clusterOf } from '../../model/resolve.ts';
import { nodeRoutes } from '../../model/node-routes.ts';
import { bgpFromNodeBgp, mergePredictions } from '../../model/advertised-routes.ts';
import { whyNotAnnounced } from '../../cilium/why-not-announced.ts';
import { nodeStateOf, type ClusterState, type LabState, type NodeState } from '../../model/state.ts';
import type { ClusterProvider, ProviderContext } from '../types.ts';
import { translateCluster, type EmulatedClusterPlan, type EmulatedNode } from './translate.ts';
import { parseEmulatedAnswer, renderNodeFiles } from './node-files.ts';
import { parseGobgpNeighbors } from './gobgp-parse.ts';
import { emulatedUpgradeSteps, parseGobgpVersion, parseSpeakerProcess, speakerProcessCommand, speakerVersionCommand } from './speaker-upgrade.ts';
import { containerName, labLabels, LABEL_CLUSTER, LABEL_SESSION } from '../../docker/labels.ts';
import { CAPABILITIES, startLabContainer } from '../../docker/lab-container.ts';
import { runtime } from '../../docker/runtime.ts';
import { removeContainer } from '../../docker/cleanup.ts';
import { execIn, execOk } from '../../docker/exec.ts';

/** The labels kind gives its nodes, which CiliumBGPClusterConfig nodeSelectors match against. */
function emulatedNodes(cluster: ResolvedCluster): EmulatedNode[] {
  return cluster.nodes.map(({ name, address }, i) => ({
    name,
    address,
    labels: {
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      ...(i === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
    },
  }));
}

/** Translations already made in this process: the check and the creation share one. */
const translated = new WeakMap<ResolvedCluster, EmulatedClusterPlan>();

/** What each node of a cluster runs, from the cluster's resources as resolved once. */
export function planCluster(cluster: ResolvedCluster): EmulatedClusterPlan {
  const known = translated.get(cluster);
  if (known) return known;
  try {
    const plan = translateCluster({
      cluster: cluster.spec.name, resources: cluster.resources, nodes: emulatedNodes(cluster),
      serviceSubnet: cluster.spec.serviceSubnet, podSubnet: cluster.spec.podSubnet,
    });
    translated.set(cluster, plan);
    return plan;
  } catch (error) {
    throw new Error(`cluster ${cluster.spec.name}: ${(error as Error).message}`, { cause: error });
  }
}

async function createCluster(ctx: ProviderContext, cluster: ResolvedCluster): Promise<ClusterState> {
  const { lab } = ctx;
  const name = cluster.spec.name;
  const plan = planCluster(cluster);
  if (!ctx.images.node) throw new Error('the emulated provider needs the lab node image, which was not built');
  const image = ctx.images.node;
  const network = ctx.networks[cluster.spec.network]!;
  for (const n of plan.nodes) for (const note of n.notes) ctx.log(`${name}/${n.node.name}: ${note}`);
  const nodes = await Promise.all(plan.nodes.map(async (nodePlan): Promise<NodeState> => {
    const container = containerName(lab.spec.name, nodePlan.node.name);
    const started = await startLabContainer({
      image,
      name: container,
      hostname: nodePlan.node.name,
      labels: labLabels(ctx.session, lab.spec.name, 'node', name),
      attachments: [{ network: network.name, address: nodePlan.node.address }],
      readyLine: /lab-node ready/,
      capabilities: CAPABILITIES.node,
      files: renderNodeFiles(nodePlan, name, nodeRoutes(lab, cluster)),
    });
    return { name: nodePlan.node.name, address: nodePlan.node.address, container: { name: container, id: started.getId() } };
  }));
  return { name, nodes };
}

/** Each node's rendered files: routes, speaker config, announcements, HTTP answer. */
async function describeEmulatedPlan(lab: ResolvedLab): Promise<string> {
  const out: string[] = [];
  for (const cluster of lab.clusters) {
    const plan = planCluster(cluster);
    out.push(`## cluster ${cluster.spec.name}`);
    for (const s of plan.services) {
      out.push(`service ${s.service.namespace}/${s.service.name}: clusterIP ${s.clusterIP ?? 'none'}, loadBalancer ${s.loadBalancerIPs.join(', ') || `(pending: ${s.pending ?? 'not a LoadBalancer'})`}`);
    }
    for (const node of plan.nodes) {
      out.push('', `### node ${node.node.name} (${node.node.address})`, ...node.notes.map((n) => `note: ${n}`));
      for (const [path, content] of Object.entries(renderNodeFiles(node, cluster.spec.name, nodeRoutes(lab, cluster)))) out.push(`--- ${path}`, content.trimEnd());
    }
    out.push('');
  }
  return out.join('\n');
}

export const emulatedProvider: ClusterProvider = {
  name: 'emulated',
  images: ['node'],
  budgets: {},
  scenarioTimeoutMs: 120_000,
  // An emulated lab is six small containers that mostly wait on BGP timers: with two labs per core,
  // a suite run on 2 cores kept the CPU busy 68% of its time (npm test, /proc/stat before and after)
  // and went from 260 s to 168 s. Earlier, three labs on 2 cores stretched speaker restarts and timed
  // out probe requests; the cause was the emulated speakers' graceful-restart OPEN (F clear: FRR dropped
  // a restarted node's paths at once), since fixed. npm run stress is the judge, loaded runs included.
  labsAtOnce: ({ cores, memoryGiB }) => Math.max(1, Math.min(2 * cores, Math.floor(memoryGiB))),

  describePlan: describeEmulatedPlan,

  async checkHost() {
    // Docker alone, which the lab checks for every provider.
  },

  async check(lab) {
    for (const cluster of lab.clusters) planCluster(cluster);
  },

  createClusters(ctx) {
    return Promise.all(ctx.lab.clusters.map((c) => createCluster(ctx, c)));
  },

  async deleteCluster(state, cluster) {
    const client = await runtime();
    const containers = await client.container.dockerode.listContainers({
      all: true,
      filters: { label: [`${LABEL_SESSION}=${state.session}`, `${LABEL_CLUSTER}=${cluster}`] },
    });
    // Force removal kills the speakers without a BGP NOTIFICATION, as `kind delete cluster` does.
    await Promise.all(containers.map((c) => removeContainer(client.container.dockerode.getContainer(c.Id))));
  },

  async recreateCluster(state, cluster, log) {
    return createCluster({ lab: state.lab, session: state.session, networks: state.networks, images: state.images, log }, clusterOf(state.lab, cluster));
  },

  async withdrawAdvertisements(state, cluster) {
    const plan = planCluster(clusterOf(state.lab, cluster));
    await Promise.all(plan.nodes.map(async (nodePlan) => {
      const container = nodeStateOf(state, cluster, nodePlan.node.name).container.name;
      for (const a of nodePlan.announcements) await execOk(container, ['gobgp', 'global', 'rib', 'del', '-a', 'ipv4', a.prefix]);
    }));
  },

  async restartSpeaker(state, cluster, node) {
    // SIGKILL, like a crashing agent: no NOTIFICATION, the TCP session just closes. The entrypoint restarts it.
    await execOk(nodeStateOf(state, cluster, node).container.name, ['pkill', '-KILL', '-x', 'gobgpd']);
  },

  async speakerRun(state, cluster, node) {
    const container = nodeStateOf(state, cluster, node).container.name;
    const result = await execIn(container, speakerProcessCommand());
    if (result.exitCode === 3) return undefined;
    const run = parseSpeakerProcess(result.stdout);
    if (!run) throw new Error(`${container}: cannot read its speaker process (exit ${result.exitCode}): ${result.stdout}${result.stderr}`);
    return run;
  },

  async nodeNeighbors(state, cluster, node) {
    return parseGobgpNeighbors(await execOk(nodeStateOf(state, cluster, node).container.name, ['gobgp', 'neighbor', '-j']));
  },

  async predictedBgp(state) {
    const routerAddresses = state.lab.spec.router.interfaces.map((i) => i.address);
    return mergePredictions(state.clusters.filter((c) => !c.deleted).map((c) => bgpFromNodeBgp(planCluster(clusterOf(state.lab, c.name)).bgp, routerAddresses)));
  },

  async whyNoVip(state, cluster) {
    const resolved = clusterOf(state.lab, cluster);
    const plan = planCluster(resolved);
    const { namespace, name } = state.lab.spec.workload;
    const service = plan.services.find((s) => s.service.namespace === namespace && s.service.name === name);
    if (!service) return [`Service ${namespace}/${name} is not in cluster ${cluster}'s manifests`];
    return whyNotAnnounced(resolved.resources, plan.bgp, service, state.lab.spec.loadBalancer.vip, 'LoadBalancerIP');
  },

  // Every emulated node answers with its cluster and node name (node-files.ts renderAnswer).
  answerIdentifier: async () => parseEmulatedAnswer,

  async versions(state): Promise<Record<string, string>> {
    // The build the first node's speaker runs now (a rolling upgrade may have changed it).
    const node = state.clusters.find((c) => !c.deleted)?.nodes[0];
    const gobgp = node ? parseGobgpVersion((await execIn(node.container.name, speakerVersionCommand())).stdout) : undefined;
    return gobgp ? { gobgp } : {};
  },

  // Every node image carries a second GoBGP build to roll to (images/node/Dockerfile).
  upgradeConfigured: () => true,
  upgradeSteps: emulatedUpgradeSteps,

  async diagnostics(state) {
    const files: Record<string, string> = {};
    for (const cluster of state.clusters) {
      for (const node of cluster.nodes) {
        files[`${node.name}-gobgpd.log`] = (await execIn(node.container.name, ['cat', '/var/log/gobgpd.log'])).stdout;
      }
    }
    return files;
  },

  async cleanup() {
    // Everything the emulated provider makes is a labelled container.
  },
};
