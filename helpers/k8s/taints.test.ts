// The control-plane taint is removed with a JSON patch guarded by a test op,
// never by replacing the Node (which races kubelet's status updates: 409).
// kube-apiserver answers a failed test op with 422 (k8s.io/apiserver
// pkg/endpoints/handlers/patch.go, jsonPatcher.applyJSPatch:
// NewGenericServerResponse(http.StatusUnprocessableEntity, ...)), which is read again.
import { describe, expect, it } from 'vitest';
import { removeControlPlaneTaints, untaintPatch } from './taints.ts';
import { loadKubeConfig } from './kubeconfig.ts';
import { recorded, recordedApiPerTest } from './recorded-api-server.ts';

const NODE_PATH = '/api/v1/nodes/kind01-control-plane';
const TAINTED = recorded('node-kind01-control-plane-tainted.json') as { spec: { taints: { key: string; effect: string }[] } };
const NOT_READY = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };

describe('untaintPatch', () => {
  it('removes each control-plane taint by index, highest first, after testing its key', () => {
    expect(untaintPatch(TAINTED.spec.taints)).toEqual([
      { op: 'test', path: '/spec/taints/0/key', value: 'node-role.kubernetes.io/control-plane' },
      { op: 'remove', path: '/spec/taints/0' },
    ]);
    const both = [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }, NOT_READY, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];
    expect(untaintPatch(both)).toEqual([
      { op: 'test', path: '/spec/taints/2/key', value: 'node-role.kubernetes.io/control-plane' },
      { op: 'remove', path: '/spec/taints/2' },
      { op: 'test', path: '/spec/taints/0/key', value: 'node-role.kubernetes.io/master' },
      { op: 'remove', path: '/spec/taints/0' },
    ]);
  });

  it('never tests a whole taint: a timeAdded read back as a Date would not match the stored string', () => {
    const withTime = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule', timeAdded: new Date('2026-01-01T10:00:00Z') }];
    expect(JSON.stringify(untaintPatch(withTime))).not.toContain('timeAdded');
  });

  it('is nothing when there is nothing to remove', () => {
    expect(untaintPatch([NOT_READY])).toBeUndefined();
    expect(untaintPatch(undefined)).toBeUndefined();
    expect(untaintPatch([])).toBeUndefined();
  });
});

describe('removeControlPlaneTaints', () => {
  const startApi = recordedApiPerTest();

  it('reads the node, then sends one JSON patch (no PUT of the whole node)', async () => {
    const api = await startApi({ [`GET ${NODE_PATH}`]: [{ file: 'node-kind01-control-plane-tainted.json' }], [`PATCH ${NODE_PATH}`]: [{ json: {} }] });
    await removeControlPlaneTaints(loadKubeConfig(api.kubeconfigPath), 'kind01-control-plane');
    expect(api.requests.map((r) => r.method)).toEqual(['GET', 'PATCH']);
    const [patch] = api.calls(`PATCH ${NODE_PATH}`);
    expect(patch!.contentType).toBe('application/json-patch+json');
    expect(JSON.parse(patch!.body)).toEqual(untaintPatch(TAINTED.spec.taints));
  });

  it('reads again when the taints changed in between (the test op failed with 422)', async () => {
    const api = await startApi({
      [`GET ${NODE_PATH}`]: [{ file: 'node-kind01-control-plane-tainted.json' }],
      [`PATCH ${NODE_PATH}`]: [{ status: 422, file: 'patch-node-test-failed.json' }, { json: {} }],
    });
    await removeControlPlaneTaints(loadKubeConfig(api.kubeconfigPath), 'kind01-control-plane');
    expect(api.requests.map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET', 'PATCH']);
  });

  it('names the node and what the API server said when it cannot', async () => {
    const api = await startApi({ [`GET ${NODE_PATH}`]: [{ status: 404, json: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'nodes "kind01-control-plane" not found', reason: 'NotFound', code: 404 } }] });
    await expect(removeControlPlaneTaints(loadKubeConfig(api.kubeconfigPath), 'kind01-control-plane')).rejects.toThrow(/removing the control-plane taint from node kind01-control-plane: .*not found/);
  });
});
