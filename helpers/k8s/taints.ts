// Lets workloads run on the control-plane node, as the reference lab does
// (`kubectl taint nodes <cp> node-role.kubernetes.io/control-plane:NoSchedule-`).
// A JSON patch (RFC 6902) that first tests the taints it read, then replaces
// them: the node object is never written whole, so a kubelet status update in
// between cannot make it fail with a 409 the way a read-modify-replace does,
// and a concurrent change of the taints themselves fails the test op and is
// read again.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Taint } from '@kubernetes/client-node';
import { describeApiError } from './api-error.ts';

const CONTROL_PLANE_TAINT_KEYS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
const ATTEMPTS = 5;

/** The node's taints without the control-plane ones (pure). */
export function withoutControlPlaneTaints(taints: readonly V1Taint[] | undefined): V1Taint[] {
  return (taints ?? []).filter((t) => !CONTROL_PLANE_TAINT_KEYS.includes(t.key));
}

/** The JSON patch from the taints as read to the taints without the control-plane ones; none when nothing changes. */
export function untaintPatch(taints: readonly V1Taint[] | undefined): object[] | undefined {
  if (!taints) return undefined;
  const kept = withoutControlPlaneTaints(taints);
  if (kept.length === taints.length) return undefined;
  return [{ op: 'test', path: '/spec/taints', value: taints }, { op: 'replace', path: '/spec/taints', value: kept }];
}

export async function removeControlPlaneTaints(kc: KubeConfig, node: string): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const patch = untaintPatch((await core.readNode({ name: node })).spec?.taints);
      if (!patch) return;
      await core.patchNode({ name: node, body: patch }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
      return;
    } catch (error) {
      lastError = error;
      // 422: the test op failed, the taints changed since they were read: read them again.
      if ((error as { code?: number }).code !== 422) break;
    }
  }
  throw new Error(`removing the control-plane taint from node ${node}: ${describeApiError(lastError)}`, { cause: lastError });
}
