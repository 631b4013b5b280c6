// The kind cluster provider: real kind clusters running real Cilium, on the
// lab's docker networks, configured with the same golden manifests. Every host
// command goes through `run` (execa: kind, helm, docker) and every API call
// through `kube`, so tests can replace both; the plan (plan.ts)
// says what runs.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ClusterSpec, LabSpec } from '../../spec/spec.ts';
import type { ClusterState, LabState, NodeState } from '../../spec/state.ts';
import type { ClusterProvider, ProviderContext } from '../types.ts';
import type { BgpNeighbor } from '../../bgp/model.ts';
import { clusterNodeAddresses, networkOf } from '../../spec/addresses.ts';
import { labClusterManifests } from '../../cilium/auth-secrets.ts';
import { dockerNetworkName } from '../../docker/networks.ts';
import { LABEL_SESSION } from '../../docker/labels.ts';
import { runHost, type HostResult, type HostRunOptions } from '../../exec/host.ts';
import { STATE_DIR } from '../../spec/state.ts';
import { planKindCluster, renderKindPlan, type ApiStep, type ClusterPlan, type HostStep, type KindSettings } from './plan.ts';
import { CILIUM_HELM_REPO, ciliumApiVersion, ciliumVersion, kindNodeImage } from './versions.ts';
import { chartImages, chartValuesArgv } from './chart-images.ts';
import { assertKindPrerequisites } from './prerequisites.ts';
import { identifyKindAnswer } from './answer.ts';
import { defaultKubeOps, type KubeOps } from './kube-ops.ts';

export interface KindDeps {
  readonly run: (argv: readonly string[], options?: HostRunOptions) => Promise<HostResult>;
  readonly kube: KubeOps;
  readonly settings: () => KindSettings;
  /** Prerequisite check; tests replace it. */
  readonly checkHost: (nodeCount: number) => Promise<void>;
  readonly log?: (line: string) => void;
}

export function kindSettings(env: NodeJS.ProcessEnv = process.env): KindSettings {
  return {
    ciliumVersion: ciliumVersion(env),
    nodeImage: kindNodeImage(env),
    workDir: resolve(env['LAB_KIND_DIR'] ?? join(STATE_DIR, 'kind')),
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

export async function planKind(spec: LabSpec, settings: KindSettings, ciliumImages?: string[]): Promise<ClusterPlan[]> {
  return Promise.all(spec.clusters.map(async (c) => planKindCluster(spec, c, await labClusterManifests(spec, c.name), settings, ciliumImages)));
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
async function kindNodes(deps: KindDeps, spec: LabSpec, cluster: ClusterSpec, plan: ClusterPlan): Promise<NodeState[]> {
  const network = dockerNetworkName(spec.name, networkOf(spec, cluster.network));
  const format = `{{.Id}} {{.Name}} {{with index .NetworkSettings.Networks "${network}"}}{{.IPAddress}}{{end}}`;
  const { stdout } = await deps.run(['docker', 'inspect', '--format', format, ...plan.nodes]);
  const nodes = stdout.trim().split('\n').filter(Boolean).map((line): NodeState => {
    const [id = '', name = '', address = ''] = line.trim().split(/\s+/);
    const bare = name.replace(/^\//, '');
    return { name: bare, address, container: { name: bare, id } };
  });
  // The router was configured with the spec's node addresses; docker's IPAM must have given the same set.
  const expected = clusterNodeAddresses(cluster, spec).sort();
  const got = nodes.map((n) => n.address).sort();
  if (expected.join() !== got.join()) {
    throw new Error(`cluster ${cluster.name}: kind nodes got addresses ${got.join(', ') || '(none)'} on ${network}, the router expects ${expected.join(', ')}`);
  }
  return nodes;
}

async function createCluster(deps: KindDeps, ctx: ProviderContext, cluster: ClusterSpec, plan: ClusterPlan): Promise<ClusterState> {
  let nodes: NodeState[] = [];
  for (const step of plan.create) {
    if (step.type === 'host') {
      await runHostStep(deps, step, cluster.name);
      if (step.argv[1] === 'create') nodes = await kindNodes(deps, ctx.spec, cluster, plan);
    } else {
      await runApiStep(deps, step, plan.kubeconfig, cluster.name);
    }
  }
  const { namespace, name } = ctx.spec.workload;
  const workloadPods = await deps.kube.podNodes(plan.kubeconfig, namespace, `app=${name}`);
  return { name: cluster.name, nodes, kubeconfig: plan.kubeconfig, workloadPods };
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

function kubeconfigOf(state: LabState, cluster: string): string {
  const kubeconfig = state.clusters.find((c) => c.name === cluster)?.kubeconfig;
  if (!kubeconfig) throw new Error(`cluster ${cluster} has no kubeconfig in the lab state`);
  return kubeconfig;
}

export function createKindProvider(deps: KindDeps = defaultKindDeps()): ClusterProvider {
  const apiVersion = () => ciliumApiVersion(deps.settings().ciliumVersion);
  return {
    name: 'kind',
    images: [],

    describePlan: (spec) => renderKindProviderPlan(spec),

    async check(spec) {
      const settings = deps.settings(); // a bad CILIUM_VERSION fails here
      await planKind(spec, settings);
    },

    async checkHost(spec) {
      await deps.checkHost(spec.clusters.reduce((n, c) => n + c.nodes, 0));
    },

    async createClusters(ctx) {
      const logged: KindDeps = { ...deps, log: deps.log ?? ctx.log };
      const settings = deps.settings();
      const plans = await planKind(ctx.spec, settings, await ciliumChartImages(logged, settings));
      await ensureHostImages(logged, plans.flatMap((p) => p.images));
      // Both clusters in parallel; a failure in one still lets the other finish or fail before cleanup.
      const results = await Promise.allSettled(ctx.spec.clusters.map((c, i) => createCluster(logged, ctx, c, plans[i]!)));
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed.length > 0) throw new Error(failed.map((f) => (f.reason as Error).message).join('\n'));
      return results.map((r) => (r as PromiseFulfilledResult<ClusterState>).value);
    },

    async deleteCluster(state, cluster) {
      const kubeconfig = state.clusters.find((c) => c.name === cluster)?.kubeconfig;
      await deps.run(['kind', 'delete', 'cluster', '--name', cluster, ...(kubeconfig ? ['--kubeconfig', kubeconfig] : [])], { timeoutMs: 5 * 60_000 });
    },

    async recreateCluster(state, cluster, log) {
      const clusterSpec = state.spec.clusters.find((c) => c.name === cluster);
      if (!clusterSpec) throw new Error(`recreateCluster: no cluster "${cluster}" in lab ${state.spec.name}`);
      const logged: KindDeps = { ...deps, log: deps.log ?? log };
      const settings = deps.settings();
      const manifests = await labClusterManifests(state.spec, cluster);
      const plan = planKindCluster(state.spec, clusterSpec, manifests, settings, await ciliumChartImages(logged, settings));
      const ctx: ProviderContext = { spec: state.spec, session: state.session, networks: state.networks, images: state.images, log };
      return createCluster(logged, ctx, clusterSpec, plan);
    },

    async withdrawAdvertisements(state, cluster) {
      await deps.kube.deleteAdvertisements(kubeconfigOf(state, cluster), apiVersion());
    },

    async restartSpeaker(state, cluster, node) {
      await deps.kube.restartAgent(kubeconfigOf(state, cluster), node);
    },

    async nodeNeighbors(state, cluster, node): Promise<BgpNeighbor[]> {
      return deps.kube.bgpNeighbors(kubeconfigOf(state, cluster), node, apiVersion());
    },

    identify: identifyKindAnswer,

    async cleanup(session) {
      for (const cluster of await labKindClusters(deps, session)) {
        deps.log?.(`deleting kind cluster ${cluster}`);
        await deps.run(['kind', 'delete', 'cluster', '--name', cluster], { timeoutMs: 5 * 60_000 });
      }
    },
  };
}

export const kindProvider = createKindProvider();

export async function renderKindProviderPlan(spec: LabSpec): Promise<string> {
  const settings = kindSettings();
  const plans = await planKind(spec, settings);
  const images = [...new Set(plans.flatMap((p) => p.images))];
  return [
    `# kind provider: Cilium ${settings.ciliumVersion.text}, node image ${settings.nodeImage}, files under ${settings.workDir}`,
    `0. on the host: ${chartValuesArgv(CILIUM_HELM_REPO, settings.ciliumVersion.text).join(' ')} names Cilium's images;`,
    `   each image missing on the host is pulled once: docker pull ${images.join(' ')}`,
    renderKindPlan(plans),
  ].join('\n');
}
