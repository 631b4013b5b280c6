// The kind cluster provider: real kind clusters running real Cilium, on the
// lab's docker networks, configured with the same golden manifests. Every host
// command goes through `run` (execa: kind, helm, docker) and every API call
// through `kube`, so tests can replace both; the plan (plan.ts)
// says what runs.
import { schemaDrift } from '../../cilium/schema/schema-drift.ts';
import { schemaMinorFor, schemaMinors, schemaSet } from '../../cilium/schema/schema-sets.ts';
import { versionedSchemaProblems } from './manifest-schemas.ts';
import { join, resolve } from 'node:path';
import type { ResolvedCluster, ResolvedLab } from '../../model/resolve.ts';
import { clusterOf } from '../../model/resolve.ts';
import type { ClusterState, LabState, NodeState } from '../../model/state.ts';
import type { ClusterProvider, ProviderContext } from '../types.ts';
import type { BgpNeighbor } from '../../bgp/model.ts';
import { dockerNetworkName } from '../../docker/networks.ts';
import { cidrContains, parseAddress, parseCidr } from '../../net/ipv4.ts';
import { LABEL_SESSION } from '../../docker/labels.ts';
import { runHost, type HostResult, type HostRunOptions } from '../../exec/host.ts';
import { createdCiliumVersion, kindKubeconfigPath, planKindCluster, renderKindPlan, type CiliumImagesByVersion, type KindClusterPlan, type KindSettings } from './plan.ts';
import { CILIUM_HELM_REPO, chartVersionArgv, ciliumApiVersion, ciliumFrom, ciliumVersion, kindNodeImage, resolvedCiliumVersion, type CiliumSetting, type CiliumVersion } from './versions.ts';
import { assertCiliumUpgradePath } from './upgrade-path.ts';
import { runClusterSteps } from './run-steps.ts';
import { recordRunningCilium, runningCilium } from './running-version.ts';
import { kindCiliumUpgradeStep } from './cilium-upgrade.ts';
import { chartImages, chartValuesArgv } from './chart-images.ts';
import { assertKindPrerequisites } from './prerequisites.ts';
import { kindAnswerIdentifier } from './answer.ts';
import { nodeBgp } from '../../cilium/advertisements.ts';
import { whyNotAnnounced } from '../../cilium/why-not-announced.ts';
import { bgpFromNodeBgp, mergePredictions } from '../../model/advertised-routes.ts';
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

/** The settings from the environment; a CILIUM_FROM that is no upgrade to CILIUM_VERSION throws here. */
export function kindSettings(env: NodeJS.ProcessEnv = process.env): KindSettings {
  const version = ciliumVersion(env);
  const upgradeFrom = ciliumFrom(env);
  assertCiliumUpgradePath(upgradeFrom, version);
  return {
    ciliumVersion: version,
    ...(upgradeFrom ? { upgradeFrom } : {}),
    // The Kubernetes of the Cilium the clusters are created with; an upgrade keeps it (the next minor
    // is e2e tested on it too, versions.ts KUBERNETES_FOR_CILIUM), and so does a recreated cluster.
    nodeImage: kindNodeImage(upgradeFrom ?? version, env),
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

export function planKind(lab: ResolvedLab, settings: KindSettings, ciliumImages?: CiliumImagesByVersion): KindClusterPlan[] {
  return lab.clusters.map((c) => planKindCluster(lab, c, settings, ciliumImages));
}

/** The settings with what only the host can tell: a Cilium minor's newest patch (CILIUM_VERSION, CILIUM_FROM), and how to save images. */
async function resolveSettings(deps: KindDeps): Promise<KindSettings> {
  const settings = deps.settings();
  const [ciliumVersion, upgradeFrom, imagePlatform] = await Promise.all([
    resolveCiliumVersion(deps, settings.ciliumVersion),
    settings.upgradeFrom && resolveCiliumVersion(deps, settings.upgradeFrom, 'CILIUM_FROM'),
    platformToSave(deps),
  ]);
  // CILIUM_VERSION=1.20 with CILIUM_FROM=1.20.1 is an upgrade only if 1.20 has a newer patch.
  assertCiliumUpgradePath(upgradeFrom, ciliumVersion);
  return { ...settings, ciliumVersion, ...(upgradeFrom ? { upgradeFrom } : {}), ...(imagePlatform ? { imagePlatform } : {}) };
}

/** A Cilium minor (CILIUM_VERSION=1.20) resolved to its newest patch by asking the chart repository; a release as it is. */
async function resolveCiliumVersion(deps: KindDeps, asked: CiliumVersion, setting: CiliumSetting = 'CILIUM_VERSION'): Promise<CiliumVersion> {
  if (asked.patch !== undefined) return asked;
  const { stdout } = await deps.run(chartVersionArgv(CILIUM_HELM_REPO, asked), { timeoutMs: 2 * 60_000 });
  const version = resolvedCiliumVersion(stdout, asked, setting);
  deps.log?.(`${setting} ${asked.major}.${asked.minor}: its newest patch is ${version.text}`);
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

/** Cilium's images for one chart version, from the chart's own values. */
async function ciliumChartImages(deps: KindDeps, version: CiliumVersion): Promise<string[]> {
  const { stdout } = await deps.run(chartValuesArgv(CILIUM_HELM_REPO, version.text), { timeoutMs: 5 * 60_000 });
  return chartImages(stdout);
}

/** The chart images of the Cilium the clusters are created with and, with an upgrade, of the one it goes to. */
async function chartImagesOfPlan(deps: KindDeps, settings: KindSettings): Promise<CiliumImagesByVersion> {
  const versions = [createdCiliumVersion(settings), ...(settings.upgradeFrom ? [settings.ciliumVersion] : [])];
  return Object.fromEntries(await Promise.all(versions.map(async (v) => [v.text, await ciliumChartImages(deps, v)] as const)));
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

async function createCluster(deps: KindDeps, lab: ResolvedLab, cluster: ResolvedCluster, plan: KindClusterPlan, at: { workDir: string; session: string }): Promise<ClusterState> {
  const name = cluster.spec.name;
  let nodes: NodeState[] = [];
  await runClusterSteps(deps, plan.create, plan.kubeconfig, name, async (step) => {
    if (step.argv[1] === 'create') nodes = await kindNodes(deps, lab, cluster, plan);
    if (step.ciliumAfter) await recordRunningCilium(at.workDir, at.session, name, step.ciliumAfter);
  });
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

/** The Cilium version an agent image names ("quay.io/cilium/cilium:v1.20.2@sha256:..." -> "1.20.2"), else the image as it is. */
export function ciliumVersionOfImage(image: string): string {
  return /:v?(\d+\.\d+\.\d+[^@]*)/.exec(image)?.[1] ?? image;
}

export function createKindProvider(deps: KindDeps = defaultKindDeps()): ClusterProvider {
  const kubeconfigOf = (cluster: string) => kindKubeconfigPath(deps.settings(), cluster);
  /** The Cilium a cluster runs now: as recorded when it was installed or upgraded, else the one clusters are created with. */
  const runningOn = async (state: LabState, cluster: string) => {
    const settings = deps.settings();
    return (await runningCilium(settings.workDir, state.session, cluster)) ?? createdCiliumVersion(settings);
  };
  const apiVersion = async (state: LabState, cluster: string) => ciliumApiVersion(await runningOn(state, cluster));
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
    // The rolling upgrade saves and loads the new images, then `helm upgrade --wait` rolls every agent, per cluster.
    budgets: { recovery: 600_000, upgrade: 1_800_000 },
    scenarioTimeoutMs: 900_000,
    // `kind create cluster --name <cluster>`: the names are the host's, so two copies of a lab would collide.
    labsAtOnce: () => 1,

    describePlan: (lab) => renderKindProviderPlan(lab, deps),

    async check(lab) {
      const settings = deps.settings();
      planKind(lab, settings); // a bad CILIUM_VERSION fails here
      const versions = [createdCiliumVersion(settings), ...(settings.upgradeFrom ? [settings.ciliumVersion] : [])];
      const problems = [...new Set(versions.flatMap((v) => versionedSchemaProblems(lab, v)))];
      if (problems.length > 0) throw new Error(`the manifests do not pass the Cilium CRD schemas of the version they go to:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    },

    async checkHost(lab) {
      await deps.checkHost(lab.clusters.reduce((n, c) => n + c.nodes.length, 0));
    },

    async createClusters(ctx) {
      const logged: KindDeps = { ...deps, log: deps.log ?? ctx.log };
      const settings = await resolved(logged);
      const plans = planKind(ctx.lab, settings, await chartImagesOfPlan(logged, settings));
      // The upgrade's images too: the rolling-upgrade scenario should not wait for a pull under traffic.
      await ensureHostImages(logged, plans.flatMap((p) => [...p.images, ...p.upgradeImages]));
      // Both clusters in parallel; a failure in one still lets the other finish or fail before cleanup.
      const at = { workDir: settings.workDir, session: ctx.session };
      const results = await Promise.allSettled(ctx.lab.clusters.map((c, i) => createCluster(logged, ctx.lab, c, plans[i]!, at)));
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed.length > 0) throw new Error(failed.map((f) => (f.reason as Error).message).join('\n'));
      return results.map((r) => (r as PromiseFulfilledResult<ClusterState>).value);
    },

    async deleteCluster(_state, cluster) {
      await deps.run(['kind', 'delete', 'cluster', '--name', cluster, '--kubeconfig', kubeconfigOf(cluster)], { timeoutMs: 5 * 60_000 });
    },

    async recreateCluster(state, cluster, log) {
      const logged: KindDeps = { ...deps, log: deps.log ?? log };
      const resolvedSettings = await resolved(logged);
      // Created at the Cilium the lab runs then: CILIUM_VERSION once any cluster was upgraded to it
      // (the deleted one may have gone before the upgrade), else CILIUM_FROM with its upgrade to come.
      const running = await Promise.all(state.clusters.map((c) => runningCilium(resolvedSettings.workDir, state.session, c.name)));
      const upgraded = running.some((v) => v?.text === resolvedSettings.ciliumVersion.text);
      const { upgradeFrom: _from, ...atTarget } = resolvedSettings;
      const settings = upgraded ? atTarget : resolvedSettings;
      const target = clusterOf(state.lab, cluster);
      const plan = planKindCluster(state.lab, target, settings, await chartImagesOfPlan(logged, settings));
      return createCluster(logged, state.lab, target, plan, { workDir: settings.workDir, session: state.session });
    },

    async withdrawAdvertisements(state, cluster) {
      await deps.kube.deleteAdvertisements(kubeconfigOf(cluster), await apiVersion(state, cluster));
    },

    async restartSpeaker(_state, cluster, node) {
      await deps.kube.restartAgent(kubeconfigOf(cluster), node);
    },

    async speakerRun(_state, cluster, node) {
      const agent = await deps.kube.agentContainer(kubeconfigOf(cluster), node);
      return agent ? { startedAt: Date.parse(agent.startedAt), version: ciliumVersionOfImage(agent.image) } : undefined;
    },

    async schemaDrift(state, cluster) {
      const running = await runningOn(state, cluster);
      const set = schemaSet(schemaMinorFor(`${running.major}.${running.minor}`, schemaMinors()));
      return schemaDrift(set, await deps.kube.ciliumSchemas(kubeconfigOf(cluster))).map((d) => `cluster ${cluster} (Cilium ${running.text}) against fixtures/cilium-schemas/${set.minor}.json (${set.origin.ref}): ${d}`);
    },

    async nodeNeighbors(state, cluster, node): Promise<BgpNeighbor[]> {
      return deps.kube.bgpNeighbors(kubeconfigOf(cluster), node, await apiVersion(state, cluster));
    },

    // Settings that do not parse (a mistyped CILIUM_FROM) count as configured: the run then fails on them, saying why.
    upgradeConfigured() {
      try {
        return deps.settings().upgradeFrom !== undefined;
      } catch {
        return true;
      }
    },

    async upgradeSteps() {
      if (!deps.settings().upgradeFrom) return [];
      const settings = await resolved(deps);
      const { upgradeFrom } = settings;
      if (!upgradeFrom) return [];
      return [kindCiliumUpgradeStep({ deps, settings: { ...settings, upgradeFrom }, targetImages: () => ciliumChartImages(deps, settings.ciliumVersion) })];
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

    // `cilium` is what runs now (CILIUM_FROM until the rolling upgrade ran); `ciliumFrom` says an upgrade was configured.
    async versions(state) {
      const kind = /kind v(\S+)/.exec((await deps.run(['kind', 'version']).catch(() => ({ stdout: '' }))).stdout)?.[1];
      const settings = await resolved(deps);
      const live = (state.clusters ?? []).filter((c) => !c.deleted);
      const recorded = await Promise.all(live.map(async (c) => ({ cluster: c.name, version: (await runningCilium(settings.workDir, state.session, c.name))?.text })));
      const known = recorded.filter((r): r is { cluster: string; version: string } => r.version !== undefined);
      const distinct = [...new Set(known.map((r) => r.version))];
      // Clusters left at different versions (an upgrade that failed half-way) are each named.
      const cilium = distinct.length === 0 ? createdCiliumVersion(settings).text : distinct.length === 1 ? distinct[0]! : known.map((r) => `${r.cluster} ${r.version}`).join(', ');
      return { cilium, ...(settings.upgradeFrom ? { ciliumFrom: settings.upgradeFrom.text } : {}), ...(kind ? { kind } : {}) };
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
        // Always the lab's own kubeconfig: without --kubeconfig kind removes the cluster's entries from
        // every file of $KUBECONFIG, else ~/.kube/config (kubernetes-sigs/kind v0.32.0
        // pkg/cluster/internal/kubeconfig/internal/kubeconfig/paths.go), the user's own file.
        await deps.run(['kind', 'delete', 'cluster', '--name', cluster, '--kubeconfig', kubeconfigOf(cluster)], { timeoutMs: 5 * 60_000 });
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
  // A minor is resolved as a run would; when that cannot be done here, the plan says so and shows it unresolved.
  const resolvedHere = async (version: CiliumVersion, setting: CiliumSetting): Promise<CiliumVersion> => {
    if (version.patch !== undefined) return version;
    const query = chartVersionArgv(CILIUM_HELM_REPO, version).join(' ');
    try {
      const resolvedVersion = await resolveCiliumVersion(deps, version, setting);
      notes.push(`   ${setting}=${version.major}.${version.minor} is ${resolvedVersion.text} today, its newest patch: ${query}`);
      return resolvedVersion;
    } catch (error) {
      notes.push(`   ${setting}=${version.major}.${version.minor} means its newest patch, NOT resolved here (${why(error)}); a run asks: ${query}`);
      return version;
    }
  };
  const ciliumVersion = await resolvedHere(asked.ciliumVersion, 'CILIUM_VERSION');
  const upgradeFrom = asked.upgradeFrom && (await resolvedHere(asked.upgradeFrom, 'CILIUM_FROM'));
  let imagePlatform: string | undefined;
  try {
    imagePlatform = await platformToSave(deps);
    notes.push(`   images are saved ${imagePlatform ? `for ${imagePlatform} only (Docker's containerd image store)` : "whole (Docker's classic image store)"}`);
  } catch (error) {
    imagePlatform = hostPlatform();
    notes.push(`   Docker's image store NOT known here (${why(error)}): shown for the containerd store, images saved for ${imagePlatform}`);
  }
  const settings: KindSettings = { ...asked, ciliumVersion, ...(upgradeFrom ? { upgradeFrom } : {}), ...(imagePlatform ? { imagePlatform } : {}) };
  const plans = planKind(lab, settings);
  const images = [...new Set(plans.flatMap((p) => [...p.images, ...p.upgradeImages]))];
  const charts = [createdCiliumVersion(settings), ...(upgradeFrom ? [ciliumVersion] : [])].map((v) => chartValuesArgv(CILIUM_HELM_REPO, v.text).join(' '));
  const cilium = upgradeFrom ? `Cilium ${upgradeFrom.text} (CILIUM_FROM), upgraded to ${ciliumVersion.text} (CILIUM_VERSION) under traffic` : `Cilium ${ciliumVersion.text}`;
  return [
    `# kind provider: ${cilium}, node image ${settings.nodeImage}, files under ${settings.workDir}`,
    ...notes,
    `0. on the host: ${charts.join(' and ')} ${charts.length > 1 ? 'name' : 'names'} Cilium's images;`,
    `   each image missing on the host is pulled once: docker pull ${images.join(' ')}`,
    renderKindPlan(plans),
  ].join('\n');
}
