// Reading a cluster's Cilium CRDs through the API (a stand-in server): the
// list is filtered to cilium.io and each CRD becomes the compact form the
// drift check compares. The CRDs served here are rebuilt from the lab's own
// 1.20 schemas (no recording of a live list exists yet), plus one kind of
// another group that must be left out.
import { describe, expect, it } from 'vitest';
import { liveCiliumSchemas } from './crds.ts';
import { loadKubeConfig } from './kubeconfig.ts';
import { recordedApiPerTest } from './recorded-api-server.ts';
import { schemaSet } from '../cilium/schema/schema-sets.ts';

const ours = schemaSet('1.20');
const asCrd = (kind: string, group: string, plural: string, versions: Record<string, { served: boolean; storage: boolean; schema: unknown }>) => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}` },
  spec: { group, scope: 'Cluster', names: { kind, plural }, versions: Object.entries(versions).map(([name, v]) => ({ name, served: v.served, storage: v.storage, schema: { openAPIV3Schema: v.schema } })) },
});
const LIST = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinitionList', metadata: {},
  items: [
    ...Object.entries(ours.kinds).map(([kind, k]) => asCrd(kind, k.group, k.plural, k.versions)),
    asCrd('Widget', 'example.com', 'widgets', { v1: { served: true, storage: true, schema: { type: 'object' } } }),
  ],
};

describe('liveCiliumSchemas', () => {
  const startApi = recordedApiPerTest();

  it('reads the cilium.io CRDs as compact schemas, and nothing of other groups', async () => {
    const api = await startApi({ 'GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions': [{ json: LIST }] });
    const live = await liveCiliumSchemas(loadKubeConfig(api.kubeconfigPath));
    expect(Object.keys(live).sort()).toEqual(Object.keys(ours.kinds).sort());
    expect(live['CiliumBGPPeerConfig']).toEqual(ours.kinds['CiliumBGPPeerConfig']);
  });

  it('names what it was doing when the API refuses', async () => {
    const api = await startApi({ 'GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions': [{ status: 403, json: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'customresourcedefinitions.apiextensions.k8s.io is forbidden', reason: 'Forbidden', code: 403 } }] });
    await expect(liveCiliumSchemas(loadKubeConfig(api.kubeconfigPath))).rejects.toThrow(/listing the cluster's CustomResourceDefinitions: .*forbidden/);
  });
});
