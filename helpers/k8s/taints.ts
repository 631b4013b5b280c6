// Lets workloads run on the control-plane node, as the reference lab does
// (`kubectl taint nodes <cp> node-role.kubernetes.io/control-plane:NoSchedule-`).
// A JSON patch (RFC 6902) that removes each control-plane taint by its index,
// each removal guarded by a test of the key at that index: the node object is
// never written whole, so a kubelet status update in between cannot make it
// fail with a 409 the way a read-modify-replace does, and a concurrent change
// of the taints fails a test op and is read again. Only keys are tested: a
// taint's timeAdded would not survive the client's Date round trip byte for byte.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Taint } from '@kubernetes/client-node';
import { describeApiError } from './api-error.ts';

const CONTROL_PLANE_TAINT_KEYS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
const ATTEMPTS = 5;

/** The JSON patch removing the control-plane taints of the taints as read (highest index first); none when there are none. */
export function untaintPatch(taints: readonly V1Taint[] | undefined): object[] | undefined {
  const indexes = (taints ?? []).map((t, i) => (CONTROL_PLANE_TAINT_KEYS.includes(t.key) ? i : -1)).filter((i) => i >= 0).reverse();
  if (indexes.length === 0) return undefined;
  return indexes.flatMap((i) => [
    { op: 'test', path: `/spec/taints/${i}/key`, value: taints![i]!.key },
    { op: 'remove', path: `/spec/taints/${i}` },
  ]);
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
