// The kind cluster provider: real kind clusters running real Cilium, on the
// lab's docker networks, configured with the same golden manifests. Every host
// command goes through `run` (execa: kind, helm, docker) and every API call
// through `kube`, so tests can replace both; the plan (plan.ts)
// says what runs.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ResolvedCluster, ResolvedLab } from '../../spec/resolve.ts';
import { clusterOf } from '../../spec/resolve.ts';
import type { ClusterState, NodeState } from '../../spec/state.ts';
import type { ClusterProvider, ProviderContext } from '../types.ts';
import type { BgpNeighbor } from '../../bgp/model.ts';
import { dockerNetworkName } from '../../docker/networks.ts';
import { cidrContains, parseAddress, parseCidr } from '../../net/ipv4.ts';
import { LABEL_SESSION } from '../../docker/labels.ts';
import { runHost, type HostResult, type HostRunOptions } from '../../exec/host.ts';
import { kindKubeconfigPath, planKindCluster, renderKindPlan, type ApiStep, type HostStep, type KindClusterPlan, type KindSettings } from './plan.ts';
import { CILIUM_HELM_REPO, chartVersionArgv, ciliumApiVersion, ciliumVersion, kindNodeImage, resolvedCiliumVersion, type CiliumVersion } from './versions.ts';
import { chartImages, chartValuesArgv } from './chart-images.ts';
import { assertKindPrerequisites } from './prerequisites.ts';
import { kindAnswerIdentifier } from './answer.ts';
import { nodeBgp } from '../../cilium/advertisements.ts';
import { whyNotAnnounced } from '../../cilium/why-not-announced.ts';
import { bgpFromNodeBgp, mergePredictions } from '../../spec/advertised-routes.ts';
import { ciliumAgentDiagnostics } from './cilium-diagnostics.ts';
import { hostPlatform, IMAGE_STORE_ARGV, imageStoreProblem, parseImageStore, savePlatform } from './image-store.ts';
import { defaultKubeOps, type KubeOps } from './kube-ops.ts';

/** Where the kind provider keeps its rendered files and kubeconfigs (LAB_KIND_DIR overrides). */
const KIND_WORK_DIR = '.lab/kind';

export interface KindDeps {
  readonly run: (argv: readonly string[], options?: HostRunOptions) => Promise<HostResult>;
  readonly kube: KubeOps;
  readonly settings: () => KindSettings;
  /** Prerequisite check; tests replace it. */
  readonly checkHost: (nodeCount: number) => Promise<void>;
  readonly log?: (line: string) => void;
}

function kindSettings(env: NodeJS.ProcessEnv = process.env): KindSettings {
  const version = ciliumVersion(env);
  return {
    ciliumVersion: version,
    nodeImage: kindNodeImage(version, env),
    workDir: resolve(env['LAB_KIND_DIR'] ?? KIND_WORK_DIR),
    helmTimeout: env['LAB_HELM_TIMEOUT'] ?? '10m',
  };
}

export function defaultKindDeps(): KindDeps {
  return {
    run: runHost,
    kube: defaultKubeOps,
    settings: () => kindSettings(),
    checkHost: (nodeCount) => assertKindPrerequisites({ nodeCount }),
  };
}

function planKindClusterOf(lab: ResolvedLab, cluster: ResolvedCluster, settings: KindSettings, ciliumImages?: string[]): KindClusterPlan {
  return planKindCluster(lab, cluster, settings, ciliumImages);
}

export function planKind(lab: ResolvedLab, settings: KindSettings, ciliumImages?: string[]): KindClusterPlan[] {
  return lab.clusters.map((c) => planKindClusterOf(lab, c, settings, ciliumImages));
}

/** The settings with what only the host can tell: a Cilium minor's newest patch, and how to save images. */
async function resolveSettings(deps: KindDeps): Promise<KindSettings> {
  const settings = deps.settings();
  const [ciliumVersion, imagePlatform] = await Promise.all([resolveCiliumVersion(deps, settings.ciliumVersion), platformToSave(deps)]);
  return { ...settings, ciliumVersion, ...(imagePlatform ? { imagePlatform } : {}) };
}

/** A Cilium minor (CILIUM_VERSION=1.20) resolved to its newest patch by asking the chart repository; a release as it is. */
async function resolveCiliumVersion(deps: KindDeps, asked: CiliumVersion): Promise<CiliumVersion> {
  if (asked.patch !== undefined) return asked;
  const { stdout } = await deps.run(chartVersionArgv(CILIUM_HELM_REPO, asked), { timeoutMs: 2 * 60_000 });
  const version = resolvedCiliumVersion(stdout, asked);
  deps.log?.(`CILIUM_VERSION ${asked.major}.${asked.minor}: its newest patch is ${version.text}`);
  return version;
}

/** With Docker's containerd image store, images are saved for this host's platform only (image-store.ts). */
async function platformToSave(deps: KindDeps): Promise<string | undefined> {
  const [status, api] = await Promise.all([deps.run(IMAGE_STORE_ARGV.driverStatus), deps.run(IMAGE_STORE_ARGV.apiVersion)]);
  const store = parseImageStore(status.stdout, api.stdout);
  const problem = imageStoreProblem(store);
  if (problem) throw new Error(problem);
  return savePlatform(store);
}

/** Cilium's images for this chart version, from the chart's own values. */
async function ciliumChartImages(deps: KindDeps, settings: KindSettings): Promise<string[]> {
  const { stdout } = await deps.run(chartValuesArgv(CILIUM_HELM_REPO, settings.ciliumVersion.text), { timeoutMs: 5 * 60_000 });
  return chartImages(stdout);
}

async function runHostStep(deps: KindDeps, step: HostStep, cluster: string): Promise<HostResult> {
  for (const [path, content] of Object.entries(step.files ?? {})) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  deps.log?.(`${cluster}: ${step.what}`);
  try {
    return await deps.run(step.argv, { ...(step.env ? { env: step.env } : {}), ...(step.timeoutMs ? { timeoutMs: step.timeoutMs } : {}) });
  } catch (error) {
    throw new Error(`cluster ${cluster}: ${step.what} failed: ${(error as Error).message}`, { cause: error });
  }
}

async function runApiStep(deps: KindDeps, step: ApiStep, kubeconfig: string, cluster: string): Promise<void> {
  deps.log?.(`${cluster}: ${step.what}`);
  try {
    switch (step.action) {
      case 'untaint-control-plane':
        return await deps.kube.untaintControlPlane(kubeconfig, step.node);
      case 'apply':
        return await deps.kube.apply(kubeconfig, step.objects);
      case 'wait-rollout':
        return await deps.kube.waitRollout(kubeconfig, step.kind, step.namespace, step.name);
      case 'wait-service-ip':
        return await deps.kube.waitServiceIp(kubeconfig, step.namespace, step.name, step.ip);
      case 'wait-bgp-established':
        return await deps.kube.waitBgpEstablished(kubeconfig, step.nodes, step.apiVersion);
    }
  } catch (error) {
    throw new Error(`cluster ${cluster}: ${step.what} failed: ${(error as Error).message}`, { cause: error });
  }
}

/** Node containers of a kind cluster and their addresses on the lab network, from `docker inspect`. */
async function kindNodes(deps: KindDeps, lab: ResolvedLab, cluster: ResolvedCluster, plan: KindClusterPlan): Promise<NodeState[]> {
  const network = dockerNetworkName(lab.spec.name, cluster.network);
  const format = `{{.Id}} {{.Name}} {{with index .NetworkSettings.Networks "${network}"}}{{.IPAddress}}{{end}}`;
  const { stdout } = await deps.run(['docker', 'inspect', '--format', format, ...plan.nodes]);
  const nodes = stdout.trim().split('\n').filter(Boolean).map((line): NodeState => {
    const [id = '', name = '', address = ''] = line.trim().split(/\s+/);
    const bare = name.replace(/^\//, '');
    return { name: bare, address, container: { name: bare, id } };
  });
  // Docker's IPAM picks the addresses and the router takes whatever node connects from the cluster's
  // network (a listen range), so any address there will do; a node not on that network cannot peer.
  const subnet = parseCidr(cluster.network.subnet)!;
  const outside = plan.nodes.filter((name) => {
    const address = nodes.find((n) => n.name === name)?.address;
    const value = address ? parseAddress(address) : undefined;
    return value === undefined || !cidrContains(subnet, value);
  });
  if (outside.length > 0) {
    throw new Error(`cluster ${cluster.spec.name}: kind nodes ${outside.join(', ')} have no address in ${cluster.network.subnet} on docker network ${network} (docker inspect said: ${stdout.trim() || 'nothing'})`);
  }
  return nodes;
}

async function createCluster(deps: KindDeps, lab: ResolvedLab, cluster: ResolvedCluster, plan: KindClusterPlan): Promise<ClusterState> {
  const name = cluster.spec.name;
  let nodes: NodeState[] = [];
  for (const step of plan.create) {
    if (step.type === 'host') {
      await runHostStep(deps, step, name);
      if (step.argv[1] === 'create') nodes = await kindNodes(deps, lab, cluster, plan);
    } else {
      await runApiStep(deps, step, plan.kubeconfig, name);
    }
  }
  return { name, nodes };
}

/** Pulls each image on the host once; later runs find them present. */
async function ensureHostImages(deps: KindDeps, images: readonly string[]): Promise<void> {
  for (const image of new Set(images)) {
    try {
      await deps.run(['docker', 'image', 'inspect', '--format', '{{.Id}}', image]);
    } catch {
      deps.log?.(`pulling ${image} on the host (once: kept in docker's image cache)`);
      await deps.run(['docker', 'pull', image], { timeoutMs: 15 * 60_000 });
    }
  }
}

/** kind clusters whose node containers sit on a lab network (of one session, or of any). */
export async function labKindClusters(deps: Pick<KindDeps, 'run'>, session: string | undefined): Promise<string[]> {
  const label = session ? `${LABEL_SESSION}=${session}` : LABEL_SESSION;
  const networks = new Set((await deps.run(['docker', 'network', 'ls', '--filter', `label=${label}`, '--format', '{{.Name}}'])).stdout.split('\n').filter(Boolean));
  if (networks.size === 0) return [];
  const nodes = (await deps.run(['docker', 'ps', '-a', '--filter', 'label=io.x-k8s.kind.cluster', '--format', '{{.Label "io.x-k8s.kind.cluster"}}\t{{.Networks}}'])).stdout;
  const clusters = nodes.split('\n').filter(Boolean).flatMap((line) => {
    const [cluster = '', nets = ''] = line.split('\t');
    return nets.split(',').some((n) => networks.has(n.trim())) ? [cluster] : [];
  });
  return [...new Set(clusters)].sort();
}

export function createKindProvider(deps: KindDeps = defaultKindDeps()): ClusterProvider {
  const apiVersion = () => ciliumApiVersion(deps.settings().ciliumVersion);
  const kubeconfigOf = (cluster: string) => kindKubeconfigPath(deps.settings(), cluster);
  // Resolved once per process: every cluster (and a recreated one) gets the same Cilium.
  let resolving: Promise<KindSettings> | undefined;
  const resolved = (logged: KindDeps) => {
    // A failed query (helm or the network hiccuped) is asked again next time, not remembered.
    resolving ??= resolveSettings(logged).catch((error: unknown) => {
      resolving = undefined;
      throw error;
    });
    return resolving;
  };
  return {
    name: 'kind',
    images: [],
    // A whole cluster with Cilium is created again in the recovery scenario: minutes, not seconds.
    budgets: { recovery: 600_000 },
    scenarioTimeoutMs: 900_000,

    describePlan: (lab) => renderKindProviderPlan(lab, deps),

    async check(lab) {
      planKind(lab, deps.settings()); // a bad CILIUM_VERSION fails here
    },

    async checkHost(lab) {
      await deps.checkHost(lab.clusters.reduce((n, c) => n + c.nodes.length, 0));
    },

    async createClusters(ctx) {
      const logged: KindDeps = { ...deps, log: deps.log ?? ctx.log };
      const settings = await resolved(logged);
      const plans = planKind(ctx.lab, settings, await ciliumChartImages(logged, settings));
      await ensureHostImages(logged, plans.flatMap((p) => p.images));
      // Both clusters in parallel; a failure in one still lets the other finish or fail before cleanup.
      const results = await Promise.allSettled(ctx.lab.clusters.map((c, i) => createCluster(logged, ctx.lab, c, plans[i]!)));
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed.length > 0) throw new Error(failed.map((f) => (f.reason as Error).message).join('\n'));
      return results.map((r) => (r as PromiseFulfilledResult<ClusterState>).value);
    },

    async deleteCluster(_state, cluster) {
      await deps.run(['kind', 'delete', 'cluster', '--name', cluster, '--kubeconfig', kubeconfigOf(cluster)], { timeoutMs: 5 * 60_000 });
    },

    async recreateCluster(state, cluster, log) {
      const logged: KindDeps = { ...deps, log: deps.log ?? log };
      const settings = await resolved(logged);
      const target = clusterOf(state.lab, cluster);
      const plan = planKindClusterOf(state.lab, target, settings, await ciliumChartImages(logged, settings));
      return createCluster(logged, state.lab, target, plan);
    },

    async withdrawAdvertisements(_state, cluster) {
      await deps.kube.deleteAdvertisements(kubeconfigOf(cluster), apiVersion());
    },

    async restartSpeaker(_state, cluster, node) {
      await deps.kube.restartAgent(kubeconfigOf(cluster), node);
    },

    async nodeNeighbors(_state, cluster, node): Promise<BgpNeighbor[]> {
      return deps.kube.bgpNeighbors(kubeconfigOf(cluster), node, apiVersion());
    },

    // The emulation's prediction (Cilium's semantics, cilium/advertisements.ts) for the objects the
    // real cluster holds: a difference from what the router received means Cilium changed or the
    // emulation is wrong.
    async predictedBgp(state) {
      const routerAddresses = state.lab.spec.router.interfaces.map((i) => i.address);
      const live = state.clusters.filter((c) => !c.deleted);
      return mergePredictions(await Promise.all(live.map(async (c) => {
        const objects = await deps.kube.clusterObjects(kubeconfigOf(c.name));
        return bgpFromNodeBgp(nodeBgp({ resources: clusterOf(state.lab, c.name).resources, ...objects }), routerAddresses);
      })));
    },

    async whyNoVip(state, cluster) {
      const resolved = clusterOf(state.lab, cluster);
      const objects = await deps.kube.clusterObjects(kubeconfigOf(cluster));
      const { namespace, name } = state.lab.spec.workload;
      const service = objects.services.find((s) => s.service.namespace === namespace && s.service.name === name);
      if (!service) return [`Service ${namespace}/${name} does not exist in cluster ${cluster}`];
      return whyNotAnnounced(resolved.resources, nodeBgp({ resources: resolved.resources, ...objects }), service, state.lab.spec.loadBalancer.vip, 'LoadBalancerIP');
    },

    async answerIdentifier(state) {
      const { namespace, name } = state.lab.spec.workload;
      const live = state.clusters.filter((c) => !c.deleted);
      const pods = await Promise.all(live.map((c) => deps.kube.podNodes(kubeconfigOf(c.name), namespace, `app=${name}`)));
      return kindAnswerIdentifier(Object.fromEntries(live.map((c, i) => [c.name, pods[i]!])));
    },

    async versions() {
      const kind = /kind v(\S+)/.exec((await deps.run(['kind', 'version']).catch(() => ({ stdout: '' }))).stdout)?.[1];
      return { cilium: (await resolved(deps)).ciliumVersion.text, ...(kind ? { kind } : {}) };
    },

    async diagnostics(state, dir) {
      const files: Record<string, string> = {};
      for (const cluster of state.clusters.filter((c) => !c.deleted)) {
        for (const node of cluster.nodes) Object.assign(files, await ciliumAgentDiagnostics(deps.run, node.container.name));
        const logs = join(dir, `${cluster.name}-kind-logs`);
        files[`${cluster.name}-kind-export-logs.txt`] = await deps.run(['kind', 'export', 'logs', logs, '--name', cluster.name], { timeoutMs: 300_000 })
          .then((r) => `${r.stderr}${r.stdout}`, (error: Error) => `could not collect: ${error.message}\n`);
      }
      return files;
    },

    async cleanup(session) {
      for (const cluster of await labKindClusters(deps, session)) {
        deps.log?.(`deleting kind cluster ${cluster}`);
        await deps.run(['kind', 'delete', 'cluster', '--name', cluster], { timeoutMs: 5 * 60_000 });
      }
    },
  };
}

export const kindProvider = createKindProvider();

/**
 * The plan as text. What a run asks the host first (a Cilium minor's newest patch, by a read-only
 * chart query; Docker's image store) is asked here too; what cannot be told is said, and the plan
 * is shown for the unresolved version and Docker's default store (containerd, from Docker 29).
 */
async function renderKindProviderPlan(lab: ResolvedLab, deps: KindDeps): Promise<string> {
  const asked = deps.settings();
  const notes: string[] = [];
  const why = (error: unknown) => (error as Error).message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ').slice(0, 300);
  let ciliumVersion = asked.ciliumVersion;
  if (asked.ciliumVersion.patch === undefined) {
    const query = chartVersionArgv(CILIUM_HELM_REPO, asked.ciliumVersion).join(' ');
    try {
      ciliumVersion = await resolveCiliumVersion(deps, asked.ciliumVersion);
      notes.push(`   CILIUM_VERSION=${asked.ciliumVersion.major}.${asked.ciliumVersion.minor} is ${ciliumVersion.text} today, its newest patch: ${query}`);
    } catch (error) {
      notes.push(`   CILIUM_VERSION=${asked.ciliumVersion.major}.${asked.ciliumVersion.minor} means its newest patch, NOT resolved here (${why(error)}); a run asks: ${query}`);
    }
  }
  let imagePlatform: string | undefined;
  try {
    imagePlatform = await platformToSave(deps);
    notes.push(`   images are saved ${imagePlatform ? `for ${imagePlatform} only (Docker's containerd image store)` : "whole (Docker's classic image store)"}`);
  } catch (error) {
    imagePlatform = hostPlatform();
    notes.push(`   Docker's image store NOT known here (${why(error)}): shown for the containerd store, images saved for ${imagePlatform}`);
  }
  const settings: KindSettings = { ...asked, ciliumVersion, ...(imagePlatform ? { imagePlatform } : {}) };
  const plans = planKind(lab, settings);
  const images = [...new Set(plans.flatMap((p) => p.images))];
  return [
    `# kind provider: Cilium ${settings.ciliumVersion.text}, node image ${settings.nodeImage}, files under ${settings.workDir}`,
    ...notes,
    `0. on the host: ${chartValuesArgv(CILIUM_HELM_REPO, settings.ciliumVersion.text).join(' ')} names Cilium's images;`,
    `   each image missing on the host is pulled once: docker pull ${images.join(' ')}`,
    renderKindPlan(plans),
  ].join('\n');
}
