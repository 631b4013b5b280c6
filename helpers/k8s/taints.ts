// Lets workloads run on the control-plane node, as the reference lab does
// (`kubectl taint nodes <cp> node-role.kubernetes.io/control-plane:NoSchedule-`).
import { CoreV1Api, type KubeConfig, type V1Taint } from '@kubernetes/client-node';
import { describeApiError } from './api-error.ts';

export const CONTROL_PLANE_TAINT_KEYS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

/** The node's taints without the control-plane ones (pure). */
export function withoutControlPlaneTaints(taints: readonly V1Taint[] | undefined): V1Taint[] {
  return (taints ?? []).filter((t) => !CONTROL_PLANE_TAINT_KEYS.includes(t.key));
}

export async function removeControlPlaneTaints(kc: KubeConfig, node: string): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  try {
    const current = await core.readNode({ name: node });
    const kept = withoutControlPlaneTaints(current.spec?.taints);
    if (kept.length === (current.spec?.taints ?? []).length) return;
    await core.replaceNode({ name: node, body: { ...current, spec: { ...current.spec, taints: kept } } });
  } catch (error) {
    throw new Error(`removing the control-plane taint from node ${node}: ${describeApiError(error)}`, { cause: error });
  }
}
