// Everything the kind provider does for a lab, as data: host commands with
// their environment and input files, and Kubernetes API actions with their
// objects. The provider executes this plan; `npm run lab -- plan --provider kind`
// prints it; golden tests pin it. Pure: the resolved lab and settings in.
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ClusterSpec } from '../../model/spec.ts';
import type { ResolvedCluster, ResolvedLab } from '../../model/resolve.ts';
import type { KubeObject } from '../../cilium/manifests.ts';
import { nodeRoutes, routeReplaceArgv } from '../../model/node-routes.ts';
import { dockerNetworkName } from '../../docker/networks.ts';
import { renderKindConfig } from './kind-config.ts';
import { renderCiliumValues } from './helm-values.ts';
import { manifestsForCilium } from './versioned-manifests.ts';
import { CILIUM_HELM_REPO, ciliumApiVersion, type CiliumVersion } from './versions.ts';
import { planCiliumUpgrade } from './upgrade-plan.ts';
import { assertCiliumUpgradePath } from './upgrade-path.ts';

export type { ApiAction, ApiStep, HostStep, KindSettings, PlanStep } from './plan-steps.ts';
import type { ApiStep, HostStep, KindSettings, PlanStep } from './plan-steps.ts';

export interface KindClusterPlan {
  readonly cluster: string;
  readonly kubeconfig: string;
  /** Node container names, as kind names them. */
  readonly nodes: readonly string[];
  /** Images loaded into the nodes (pulled on the host once). */
  readonly images: readonly string[];
  readonly create: readonly PlanStep[];
  /** The Cilium `create` installs, and the one `upgrade` brings the cluster to (CILIUM_FROM set). */
  readonly cilium: { readonly created: string; readonly upgradeTo?: string };
  /** Cilium's images of the upgrade (pulled on the host with the others); empty without one. */
  readonly upgradeImages: readonly string[];
  /** From the Cilium created with to CILIUM_VERSION; empty without CILIUM_FROM. */
  readonly upgrade: readonly PlanStep[];
  readonly delete: readonly HostStep[];
}

/** Cilium's images by version text, as each chart's values name them; a version missing here gets placeholders. */
export type CiliumImagesByVersion = Readonly<Record<string, readonly string[]>>;

const MINUTE = 60_000;

/** Each cluster's own kubeconfig, under the run's work folder: the user's kubectl context is never touched. */
export function kindKubeconfigPath(settings: Pick<KindSettings, 'workDir'>, cluster: string): string {
  return join(settings.workDir, cluster, 'kubeconfig');
}

export function kindNodeNames(cluster: ClusterSpec): string[] {
  return Array.from({ length: cluster.nodes }, (_, i) => (i === 0 ? `${cluster.name}-control-plane` : i === 1 ? `${cluster.name}-worker` : `${cluster.name}-worker${i}`));
}

/** The Cilium the clusters are created with: CILIUM_FROM when an upgrade is configured, else CILIUM_VERSION. */
export function createdCiliumVersion(settings: Pick<KindSettings, 'ciliumVersion' | 'upgradeFrom'>): CiliumVersion {
  return settings.upgradeFrom ?? settings.ciliumVersion;
}

/** Cilium's images when the chart's values were not read (plan mode runs nothing, not even helm). */
export function placeholderCiliumImages(version: CiliumVersion): string[] {
  return [`quay.io/cilium/cilium:v${version.text}`, `quay.io/cilium/operator-generic:v${version.text}`, 'quay.io/cilium/cilium-envoy:<tag from the chart>'];
}

/** The images a cluster needs without pulling from the nodes (they have no way out of the lab): Cilium's and the workload's. */
export function clusterImages(ciliumImages: readonly string[], manifests: readonly KubeObject[]): string[] {
  const workload = manifests
    .filter((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet')
    .flatMap((o) => ((o.spec as { template?: { spec?: { containers?: { image?: string }[] } } })?.template?.spec?.containers ?? []).map((c) => c.image))
    .filter((i): i is string => typeof i === 'string');
  return [...ciliumImages, ...new Set(workload)];
}

export function planKindCluster(lab: ResolvedLab, resolved: ResolvedCluster, settings: KindSettings, ciliumImages: CiliumImagesByVersion = {}): KindClusterPlan {
  assertCiliumUpgradePath(settings.upgradeFrom, settings.ciliumVersion);
  const version = createdCiliumVersion(settings);
  const imagesOf = (v: CiliumVersion) => [...(ciliumImages[v.text] ?? placeholderCiliumImages(v))];
  const { spec } = lab;
  const cluster = resolved.spec;
  const dir = join(settings.workDir, cluster.name);
  const kubeconfig = kindKubeconfigPath(settings, cluster.name);
  const kindConfigPath = join(dir, 'kind-config.yaml');
  const valuesPath = join(dir, 'cilium-values.yaml');
  const archive = join(dir, 'images.tar');
  const nodes = kindNodeNames(cluster);
  const network = dockerNetworkName(spec.name, resolved.network);
  const objects = manifestsForCilium(resolved.manifests, version);
  const images = clusterImages(imagesOf(version), objects);
  const kubeArgs = ['--kubeconfig', kubeconfig];

  const create: PlanStep[] = [
    {
      type: 'host',
      what: `create kind cluster ${cluster.name} on docker network ${network}`,
      argv: ['kind', 'create', 'cluster', '--name', cluster.name, '--config', kindConfigPath, ...kubeArgs],
      env: { KIND_EXPERIMENTAL_DOCKER_NETWORK: network },
      files: { [kindConfigPath]: renderKindConfig(cluster, settings.nodeImage) },
      timeoutMs: 10 * MINUTE,
    },
    {
      type: 'host',
      what: `save the ${images.length} images (pulled on the host once) to one archive${settings.imagePlatform ? `, ${settings.imagePlatform} only` : ''}`,
      argv: ['docker', 'save', ...(settings.imagePlatform ? ['--platform', settings.imagePlatform] : []), '--output', archive, ...images],
      timeoutMs: 10 * MINUTE,
    },
    {
      type: 'host',
      what: `load the archive into ${cluster.name}'s nodes`,
      argv: ['kind', 'load', 'image-archive', archive, '--name', cluster.name],
      timeoutMs: 10 * MINUTE,
    },
    // The same routes an emulated node gets (model/node-routes.ts).
    ...nodes.flatMap((node) => nodeRoutes(lab, resolved).map((route): HostStep => ({
      type: 'host',
      what: `${node}: ${route.why}`,
      argv: ['docker', 'exec', node, ...routeReplaceArgv(route)],
    }))),
    { type: 'api', what: `let workloads run on ${nodes[0]}`, action: 'untaint-control-plane', node: nodes[0]! },
    {
      type: 'host',
      what: `install Cilium ${version.text} in ${cluster.name}`,
      argv: [
        'helm', 'upgrade', '--install', 'cilium', 'cilium', '--repo', CILIUM_HELM_REPO, '--version', version.text,
        '--namespace', 'kube-system', ...kubeArgs, '--values', valuesPath, '--wait', '--timeout', settings.helmTimeout,
      ],
      files: { [valuesPath]: renderCiliumValues(cluster) },
      timeoutMs: 15 * MINUTE,
      ciliumAfter: version.text,
    },
    { type: 'api', what: 'Cilium agents ready', action: 'wait-rollout', kind: 'DaemonSet', namespace: 'kube-system', name: 'cilium' },
    { type: 'api', what: 'Cilium operator ready', action: 'wait-rollout', kind: 'Deployment', namespace: 'kube-system', name: 'cilium-operator' },
    { type: 'api', what: `apply ${objects.length} manifests (server-side)`, action: 'apply', objects },
    ...objects
      .filter((o) => o.kind === 'Deployment')
      .map((o): ApiStep => ({ type: 'api', what: `${o.metadata.name} ready`, action: 'wait-rollout', kind: 'Deployment', namespace: o.metadata.namespace ?? 'default', name: o.metadata.name })),
    {
      type: 'api',
      what: `Service ${spec.workload.namespace}/${spec.workload.name} gets ${spec.loadBalancer.vip}`,
      action: 'wait-service-ip',
      namespace: spec.workload.namespace,
      name: spec.workload.name,
      ip: spec.loadBalancer.vip,
    },
    { type: 'api', what: 'every CiliumBGPNodeConfig reports its peers Established', action: 'wait-bgp-established', nodes, apiVersion: ciliumApiVersion(version) },
  ];
  const to = settings.ciliumVersion;
  const upgradeImages = settings.upgradeFrom ? imagesOf(to) : [];
  const upgrade = settings.upgradeFrom
    ? planCiliumUpgrade({ cluster, kubeconfig, nodes, from: settings.upgradeFrom, to, images: upgradeImages, objects: manifestsForCilium(resolved.manifests, to) }, settings)
    : [];
  const del: HostStep[] = [
    { type: 'host', what: `delete kind cluster ${cluster.name}`, argv: ['kind', 'delete', 'cluster', '--name', cluster.name, ...kubeArgs], timeoutMs: 5 * MINUTE },
  ];
  const cilium = { created: version.text, ...(settings.upgradeFrom ? { upgradeTo: to.text } : {}) };
  return { cluster: cluster.name, kubeconfig, nodes, images, create, cilium, upgradeImages, upgrade, delete: del };
}

/** An object as sent, with Secret values masked: a printed plan is shared in CI logs. */
function forDisplay(object: KubeObject): Record<string, unknown> {
  const { source: _source, ...rest } = object;
  if (object.kind !== 'Secret') return rest;
  const mask = (values: unknown) => Object.fromEntries(Object.keys((values as Record<string, string> | undefined) ?? {}).map((k) => [k, '<redacted>']));
  return { ...rest, ...(rest.stringData ? { stringData: mask(rest.stringData) } : {}), ...(rest.data ? { data: mask(rest.data) } : {}) };
}

/** The plan as text: every command with its environment and input files, every API action with its objects. */
export function renderKindPlan(plans: readonly KindClusterPlan[]): string {
  const out: string[] = [];
  for (const plan of plans) {
    out.push(`## cluster ${plan.cluster} (kubeconfig ${plan.kubeconfig})`);
    renderSteps(out, plan.create);
    if (plan.upgrade.length > 0) {
      out.push(`### ${plan.cluster}: upgrade to Cilium ${plan.cilium.upgradeTo} (CILIUM_FROM ${plan.cilium.created}), run under traffic by the rolling-upgrade scenario`);
      renderSteps(out, plan.upgrade);
    }
    out.push(`on delete: $ ${plan.delete.map((s) => s.argv.join(' ')).join(' && ')}`, '');
  }
  return out.join('\n');
}

function renderSteps(out: string[], steps: readonly PlanStep[]): void {
  steps.forEach((step, i) => {
    out.push(`${i + 1}. ${step.what}`);
    if (step.type === 'host') {
      const env = Object.entries(step.env ?? {}).map(([k, v]) => `${k}=${v} `).join('');
      out.push(`   $ ${env}${step.argv.join(' ')}`);
      for (const [path, content] of Object.entries(step.files ?? {})) out.push(`   --- ${path}`, ...content.trimEnd().split('\n').map((l) => `   ${l}`));
    } else if (step.action === 'apply') {
      for (const o of step.objects) {
        out.push(`   --- # ${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name} (from ${o.source})`);
        out.push(...stringify(forDisplay(o)).trimEnd().split('\n').map((l) => `   ${l}`));
      }
    } else {
      const { type: _t, what: _w, ...rest } = step;
      out.push(`   api: ${JSON.stringify(rest)}`);
    }
  });
}
