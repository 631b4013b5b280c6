// Executes plan steps (plan.ts) on one kind cluster: host commands through
// `run`, API actions through `kube`. A failure names the cluster and the step,
// and carries the command's own error (its argv and output, exec/errors.ts).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HostResult, HostRunOptions } from '../../exec/host.ts';
import type { ApiStep, HostStep, PlanStep } from './plan-steps.ts';
import type { KubeOps } from './kube-ops.ts';

export interface StepDeps {
  readonly run: (argv: readonly string[], options?: HostRunOptions) => Promise<HostResult>;
  readonly kube: KubeOps;
  readonly log?: (line: string) => void;
}

export async function runHostStep(deps: StepDeps, step: HostStep, cluster: string): Promise<HostResult> {
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

export async function runApiStep(deps: StepDeps, step: ApiStep, kubeconfig: string, cluster: string): Promise<void> {
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

/** One cluster's steps, in order; `afterHost` runs after each host step that succeeded. */
export async function runClusterSteps(
  deps: StepDeps, steps: readonly PlanStep[], kubeconfig: string, cluster: string, afterHost: (step: HostStep) => Promise<void> = async () => {},
): Promise<void> {
  for (const step of steps) {
    if (step.type === 'host') {
      await runHostStep(deps, step, cluster);
      await afterHost(step);
    } else {
      await runApiStep(deps, step, kubeconfig, cluster);
    }
  }
}
