// The steps that bring one kind cluster created at CILIUM_FROM to CILIUM_VERSION,
// as data like the create steps (plan.ts); the rolling-upgrade scenario runs
// them under traffic (cilium-upgrade.ts). Pure.
import { join } from 'node:path';
import type { ClusterSpec } from '../../model/spec.ts';
import type { KubeObject } from '../../cilium/manifests.ts';
import type { HostStep, KindSettings, PlanStep } from './plan-steps.ts';
import { renderCiliumValues } from './helm-values.ts';
import { CILIUM_HELM_REPO, ciliumApiVersion, type CiliumVersion } from './versions.ts';

const MINUTE = 60_000;

export interface CiliumUpgradeInput {
  readonly cluster: ClusterSpec;
  readonly kubeconfig: string;
  readonly nodes: readonly string[];
  readonly from: CiliumVersion;
  readonly to: CiliumVersion;
  /** The chart images of `to` (the workload's were loaded when the cluster was created). */
  readonly images: readonly string[];
  /** The lab's manifests rendered for `to` (manifestsForCilium). */
  readonly objects: readonly KubeObject[];
}

export function planCiliumUpgrade(input: CiliumUpgradeInput, settings: Pick<KindSettings, 'workDir' | 'helmTimeout' | 'imagePlatform'>): PlanStep[] {
  const { cluster, kubeconfig, nodes, from, to, images, objects } = input;
  const dir = join(settings.workDir, cluster.name);
  const archive = join(dir, `cilium-${to.text}-images.tar`);
  const valuesPath = join(dir, 'cilium-upgrade-values.yaml');
  const save: HostStep = {
    type: 'host',
    what: `save Cilium ${to.text}'s ${images.length} images to a second archive${settings.imagePlatform ? `, ${settings.imagePlatform} only` : ''}`,
    argv: ['docker', 'save', ...(settings.imagePlatform ? ['--platform', settings.imagePlatform] : []), '--output', archive, ...images],
    timeoutMs: 10 * MINUTE,
  };
  return [
    save,
    // Cilium's pre-flight check pre-pulls the new images so an agent is not down while its node pulls
    // (upgrade guide, "Running pre-flight check"); kind nodes cannot pull, so the images are loaded.
    { type: 'host', what: `load it into ${cluster.name}'s nodes (the pre-flight pre-pull)`, argv: ['kind', 'load', 'image-archive', archive, '--name', cluster.name], timeoutMs: 10 * MINUTE },
    {
      type: 'host',
      what: `upgrade Cilium in ${cluster.name} from ${from.text} to ${to.text}`,
      // The full values file, never --reuse-values: "The --reuse-values flag ignores any newly
      // introduced values present in the new release and thus may cause the Helm template to render
      // incorrectly" (upgrade guide; cilium/cilium PR #18259). No --install: the release must exist.
      argv: [
        'helm', 'upgrade', 'cilium', 'cilium', '--repo', CILIUM_HELM_REPO, '--version', to.text,
        '--namespace', 'kube-system', '--kubeconfig', kubeconfig, '--values', valuesPath, '--wait', '--timeout', settings.helmTimeout,
      ],
      files: { [valuesPath]: renderCiliumValues(cluster, { upgradeCompatibility: `${from.major}.${from.minor}` }) },
      timeoutMs: 15 * MINUTE,
      ciliumAfter: to.text,
    },
    { type: 'api', what: `Cilium agents rolled out at ${to.text}`, action: 'wait-rollout', kind: 'DaemonSet', namespace: 'kube-system', name: 'cilium' },
    { type: 'api', what: `Cilium operator rolled out at ${to.text}`, action: 'wait-rollout', kind: 'Deployment', namespace: 'kube-system', name: 'cilium-operator' },
    // The same objects, at the apiVersion the new Cilium serves (v2 from 1.18, ciliumApiVersion).
    { type: 'api', what: `apply ${objects.length} manifests for Cilium ${to.text} (server-side)`, action: 'apply', objects },
    { type: 'api', what: 'every CiliumBGPNodeConfig reports its peers Established again', action: 'wait-bgp-established', nodes, apiVersion: ciliumApiVersion(to) },
  ];
}
