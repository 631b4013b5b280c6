// Everything the kind provider does for a lab, as data: host commands with
// their environment and input files, and Kubernetes API actions with their
// objects. The provider executes this plan; `npm run lab -- plan --provider kind`
// prints it; golden tests pin it. Pure: the resolved lab and settings in.
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ClusterSpec } from '../../spec/spec.ts';
import type { ResolvedCluster, ResolvedLab } from '../../spec/resolve.ts';
import type { KubeObject } from '../../cilium/manifests.ts';
import { nodeRoutes, routeReplaceArgv } from '../../spec/node-routes.ts';
import { dockerNetworkName } from '../../docker/networks.ts';
import { renderKindConfig } from './kind-config.ts';
import { renderCiliumValues } from './helm-values.ts';
import { manifestsForCilium } from './versioned-manifests.ts';
import { CILIUM_HELM_REPO, ciliumApiVersion, type CiliumVersion } from './versions.ts';

export interface KindSettings {
  readonly ciliumVersion: CiliumVersion;
  readonly nodeImage: string;
  /** Folder for the rendered files and kubeconfigs of this run (under .lab/kind). */
  readonly workDir: string;
  /** helm's --timeout, and the budget of `helm upgrade --install --wait`. */
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
}

export type ApiAction =
  | { readonly action: 'untaint-control-plane'; readonly node: string }
  | { readonly action: 'apply'; readonly objects: readonly KubeObject[] }
  | { readonly action: 'wait-rollout'; readonly kind: 'DaemonSet' | 'Deployment'; readonly namespace: string; readonly name: string }
  | { readonly action: 'wait-service-ip'; readonly namespace: string; readonly name: string; readonly ip: string }
  | { readonly action: 'wait-bgp-established'; readonly nodes: readonly string[]; readonly apiVersion: 'cilium.io/v2' | 'cilium.io/v2alpha1' };

export type ApiStep = { readonly type: 'api'; readonly what: string } & ApiAction;

export type PlanStep = HostStep | ApiStep;

export interface KindClusterPlan {
  readonly cluster: string;
  readonly kubeconfig: string;
  /** Node container names, as kind names them. */
  readonly nodes: readonly string[];
  /** Images loaded into the nodes (pulled on the host once). */
  readonly images: readonly string[];
  readonly create: readonly PlanStep[];
  readonly delete: readonly HostStep[];
}

const MINUTE = 60_000;

/** Each cluster's own kubeconfig, under the run's work folder: the user's kubectl context is never touched. */
export function kindKubeconfigPath(settings: Pick<KindSettings, 'workDir'>, cluster: string): string {
  return join(settings.workDir, cluster, 'kubeconfig');
}

export function kindNodeNames(cluster: ClusterSpec): string[] {
  return Array.from({ length: cluster.nodes }, (_, i) => (i === 0 ? `${cluster.name}-control-plane` : i === 1 ? `${cluster.name}-worker` : `${cluster.name}-worker${i}`));
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

export function planKindCluster(
  lab: ResolvedLab, resolved: ResolvedCluster, settings: KindSettings, ciliumImages = placeholderCiliumImages(settings.ciliumVersion),
): KindClusterPlan {
  const { spec } = lab;
  const cluster = resolved.spec;
  const dir = join(settings.workDir, cluster.name);
  const kubeconfig = kindKubeconfigPath(settings, cluster.name);
  const kindConfigPath = join(dir, 'kind-config.yaml');
  const valuesPath = join(dir, 'cilium-values.yaml');
  const archive = join(dir, 'images.tar');
  const nodes = kindNodeNames(cluster);
  const network = dockerNetworkName(spec.name, resolved.network);
  const objects = manifestsForCilium(resolved.manifests, settings.ciliumVersion);
  const images = clusterImages(ciliumImages, objects);
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
    // The same routes an emulated node gets (spec/node-routes.ts).
    ...nodes.flatMap((node) => nodeRoutes(lab, resolved).map((route): HostStep => ({
      type: 'host',
      what: `${node}: ${route.why}`,
      argv: ['docker', 'exec', node, ...routeReplaceArgv(route)],
    }))),
    { type: 'api', what: `let workloads run on ${nodes[0]}`, action: 'untaint-control-plane', node: nodes[0]! },
    {
      type: 'host',
      what: `install Cilium ${settings.ciliumVersion.text} in ${cluster.name}`,
      argv: [
        'helm', 'upgrade', '--install', 'cilium', 'cilium', '--repo', CILIUM_HELM_REPO, '--version', settings.ciliumVersion.text,
        '--namespace', 'kube-system', ...kubeArgs, '--values', valuesPath, '--wait', '--timeout', settings.helmTimeout,
      ],
      files: { [valuesPath]: renderCiliumValues(cluster) },
      timeoutMs: 15 * MINUTE,
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
    { type: 'api', what: 'every CiliumBGPNodeConfig reports its peers Established', action: 'wait-bgp-established', nodes, apiVersion: ciliumApiVersion(settings.ciliumVersion) },
  ];
  const del: HostStep[] = [
    { type: 'host', what: `delete kind cluster ${cluster.name}`, argv: ['kind', 'delete', 'cluster', '--name', cluster.name, ...kubeArgs], timeoutMs: 5 * MINUTE },
  ];
  return { cluster: cluster.name, kubeconfig, nodes, images, create, delete: del };
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
    plan.create.forEach((step, i) => {
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
    out.push(`on delete: $ ${plan.delete.map((s) => s.argv.join(' ')).join(' && ')}`, '');
  }
  return out.join('\n');
}
