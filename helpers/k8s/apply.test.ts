// Server-side apply against the recorded API: what goes on the wire, and what
// a rejected object's error says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifests, type KubeObject } from '../cilium/manifests.ts';
import { applyObjects, warningTexts } from './apply.ts';
import { loadKubeConfig } from './kubeconfig.ts';
import { recordedApiPerTest } from './recorded-api-server.ts';

function manifest(path: string, kind: string): KubeObject {
  const obj = parseManifests(readFileSync(path, 'utf8'), path).find((o) => o.kind === kind);
  if (!obj) throw new Error(`${path} has no ${kind}`);
  return obj;
}

const SERVICE = manifest('fixtures/cilium/common/workload.yaml', 'Service');
const CLUSTER_CONFIG = manifest('fixtures/cilium/kind01/bgp-cluster-config.yaml', 'CiliumBGPClusterConfig');
const SERVICE_PATH = '/api/v1/namespaces/default/services/nginxhello';
const CLUSTER_CONFIG_PATH = '/apis/cilium.io/v2/ciliumbgpclusterconfigs/cilium-bgp';

const ROUTES = {
  'GET /api/v1': [{ file: 'discovery-core-v1.json' }],
  'GET /apis/cilium.io/v2': [{ file: 'discovery-cilium-v2.json' }],
  [`PATCH ${SERVICE_PATH}`]: [{ file: 'service-nginxhello-apply.json' }],
  [`PATCH ${CLUSTER_CONFIG_PATH}`]: [{ status: 422, file: 'apply-bgp-cluster-config-invalid.json' }],
};

describe('applyObjects', () => {
  const startApi = recordedApiPerTest();

  it('sends one apply PATCH per object: resource path, fieldManager=anycast-lab, force=true, apply-patch content type, no source field', async () => {
    const api = await startApi(ROUTES);
    const applied = await applyObjects(loadKubeConfig(api.kubeconfigPath), [SERVICE]);

    const [patch, ...more] = api.calls(`PATCH ${SERVICE_PATH}`);
    expect(more).toStrictEqual([]);
    expect(patch!.query.toString()).toBe('fieldManager=anycast-lab&force=true&fieldValidation=Strict');
    expect(patch!.contentType).toBe('application/apply-patch+yaml');
    const sent = JSON.parse(patch!.body) as Record<string, unknown>;
    expect(sent).not.toHaveProperty('source');
    expect(sent).toMatchObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginxhello', namespace: 'default', labels: { lbmode: 'bgp' } }, spec: { type: 'LoadBalancer' } });
    // The client found the plural through discovery, and returned the object the server echoed.
    expect(api.calls('GET /api/v1')).toHaveLength(1);
    expect(applied).toHaveLength(1);
    expect(applied[0]!.metadata?.uid).toBe('5b0e2c7e-3f4a-4d51-9a0e-2f1c8a7b6d10');
  });

  it('takes another field manager when asked', async () => {
    const api = await startApi(ROUTES);
    await applyObjects(loadKubeConfig(api.kubeconfigPath), [SERVICE], 'someone-else');
    expect(api.calls(`PATCH ${SERVICE_PATH}`)[0]!.query.get('fieldManager')).toBe('someone-else');
  });

  it("fills in the default namespace on the wire without touching the caller's object", async () => {
    const api = await startApi(ROUTES);
    const { namespace: _namespace, ...metadata } = SERVICE.metadata;
    const unnamespaced: KubeObject = { ...SERVICE, metadata };
    await applyObjects(loadKubeConfig(api.kubeconfigPath), [unnamespaced]);
    expect(api.calls(`PATCH ${SERVICE_PATH}`)).toHaveLength(1);
    expect(unnamespaced.metadata.namespace).toBeUndefined();
  });

  it('applies in order and stops at a 422, naming the object, its file and the API message', async () => {
    const api = await startApi(ROUTES);
    const failure = applyObjects(loadKubeConfig(api.kubeconfigPath), [SERVICE, CLUSTER_CONFIG, SERVICE]);
    await expect(failure).rejects.toThrow(
      'server-side apply of CiliumBGPClusterConfig cilium-bgp (cilium.io/v2, from fixtures/cilium/kind01/bgp-cluster-config.yaml#0) failed: ' +
        'HTTP 422 Invalid: CiliumBGPClusterConfig.cilium.io "cilium-bgp" is invalid: spec.bgpInstances[0].localASN: Invalid value: 0: ' +
        'spec.bgpInstances[0].localASN in body should be greater than or equal to 1',
    );
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toStrictEqual([SERVICE_PATH, CLUSTER_CONFIG_PATH]);
    expect(api.calls(`PATCH ${CLUSTER_CONFIG_PATH}`)[0]!.query.toString()).toBe('fieldManager=anycast-lab&force=true&fieldValidation=Strict');
  });

  // Strict field validation (KEP-2885): an undeclared field fails the request with BadRequest. The
  // body below is an example in the shape of the API server's Status, not a recording.
  it('stops at a field the schema does not declare, with the API server\'s words', async () => {
    const rejected = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'BadRequest', code: 400, message: '.spec.bgpInstancs: field not declared in schema' };
    const api = await startApi({ ...ROUTES, [`PATCH ${CLUSTER_CONFIG_PATH}`]: [{ status: 400, json: rejected }] });
    await expect(applyObjects(loadKubeConfig(api.kubeconfigPath), [CLUSTER_CONFIG])).rejects.toThrow(
      'server-side apply of CiliumBGPClusterConfig cilium-bgp (cilium.io/v2, from fixtures/cilium/kind01/bgp-cluster-config.yaml#0) failed: HTTP 400 BadRequest: .spec.bgpInstancs: field not declared in schema',
    );
  });

  // A Warning header (RFC 7234 5.5: code, agent, quoted text) the server still sends fails the step.
  it('fails the step on a warning from the API server, with the warning\'s text, and applies nothing after it', async () => {
    // An example text, not a recording: any warning fails the step.
    const warning = '299 - "example: this field is deprecated"';
    const api = await startApi({ ...ROUTES, [`PATCH ${SERVICE_PATH}`]: [{ file: 'service-nginxhello-apply.json', headers: { warning } }] });
    await expect(applyObjects(loadKubeConfig(api.kubeconfigPath), [SERVICE, CLUSTER_CONFIG])).rejects.toThrow(
      'server-side apply of Service default/nginxhello (v1, from fixtures/cilium/common/workload.yaml#1): the API server warned, and a warning fails the step (fix the manifest): example: this field is deprecated',
    );
    expect(api.calls(`PATCH ${CLUSTER_CONFIG_PATH}`)).toStrictEqual([]);
  });

  it('says when the API group is not served (Cilium CRDs not installed yet)', async () => {
    const api = await startApi({ 'GET /api/v1': [{ file: 'discovery-core-v1.json' }] });
    await expect(applyObjects(loadKubeConfig(api.kubeconfigPath), [CLUSTER_CONFIG])).rejects.toThrow(
      'server-side apply of CiliumBGPClusterConfig cilium-bgp (cilium.io/v2, from fixtures/cilium/kind01/bgp-cluster-config.yaml#0) failed: ' +
        'Failed to fetch resource metadata for cilium.io/v2/CiliumBGPClusterConfig: HTTP 404 NotFound: the server could not find the requested resource',
    );
    expect(api.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('says which kind discovery could not find', async () => {
    const api = await startApi({ 'GET /api/v1': [{ file: 'discovery-core-v1.json' }] });
    const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' }, source: 'inline#0' };
    await expect(applyObjects(loadKubeConfig(api.kubeconfigPath), [configMap])).rejects.toThrow(
      'server-side apply of ConfigMap default/x (v1, from inline#0) failed: Unrecognized API version and kind: v1 ConfigMap',
    );
  });
});

describe('warningTexts', () => {
  it('reads each quoted text of a Warning header, escapes undone, and keeps an unusual header whole', () => {
    expect(warningTexts('299 - "unknown field \\"spec.foo\\""')).toEqual(['unknown field "spec.foo"']);
    expect(warningTexts('299 - "first", 299 - "second"')).toEqual(['first', 'second']);
    expect(warningTexts('something else')).toEqual(['something else']);
  });
});
