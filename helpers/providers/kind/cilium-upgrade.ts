// The kind provider's rolling upgrade: every live cluster, in turn, from the
// Cilium it was created with (CILIUM_FROM) to CILIUM_VERSION, by the upgrade
// steps of its plan (upgrade-plan.ts), while the scenario keeps traffic on the VIP.
import type { LabState } from '../../model/state.ts';
import { clusterOf } from '../../model/resolve.ts';
import type { UpgradeStep } from '../types.ts';
import { planKindCluster, type KindSettings } from './plan.ts';
import { runClusterSteps, type StepDeps } from './run-steps.ts';
import { recordRunningCilium, runningCilium } from './running-version.ts';

export interface KindUpgradeContext {
  readonly deps: StepDeps;
  /** Resolved settings with an upgradeFrom. */
  readonly settings: KindSettings & { readonly upgradeFrom: NonNullable<KindSettings['upgradeFrom']> };
  /** The chart images of CILIUM_VERSION (helm show values). */
  readonly targetImages: () => Promise<string[]>;
}

export function kindCiliumUpgradeStep({ deps, settings, targetImages }: KindUpgradeContext): UpgradeStep {
  const from = settings.upgradeFrom.text;
  const to = settings.ciliumVersion.text;
  return {
    label: `cilium ${from} -> ${to}`,
    from,
    to,
    // `onNode` is not called: `helm upgrade` changes the agent DaemonSet and Kubernetes rolls it node
    // by node itself (one agent at a time, helm-values.ts updateStrategy), at moments this process
    // does not see. The caller observes each node's restart from the router (its BGP sessions).
    async run(state: LabState, _onNode, log) {
      const logged: StepDeps = { ...deps, log: deps.log ?? log };
      const images = { [to]: await targetImages() };
      for (const cluster of state.clusters.filter((c) => !c.deleted)) {
        // A cluster recreated after an earlier run was created at CILIUM_VERSION already.
        if ((await runningCilium(settings.workDir, state.session, cluster.name))?.text === to) {
          logged.log?.(`${cluster.name}: runs Cilium ${to} already`);
          continue;
        }
        const plan = planKindCluster(state.lab, clusterOf(state.lab, cluster.name), settings, images);
        await runClusterSteps(logged, plan.upgrade, plan.kubeconfig, cluster.name, async (step) => {
          if (step.ciliumAfter) await recordRunningCilium(settings.workDir, state.session, cluster.name, step.ciliumAfter);
        });
      }
    },
  };
}
