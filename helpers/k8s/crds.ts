// The cilium.io CustomResourceDefinitions a live cluster serves, as compact
// schemas (cilium/schema/compact-schema.ts), for the nightly's drift check.
import { ApiextensionsV1Api, dumpYaml, type KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { kindSchemasOf, type CrdObject, type KindSchemas } from '../cilium/schema/compact-schema.ts';
import { describeApiError } from './api-error.ts';

export async function liveCiliumSchemas(kc: KubeConfig): Promise<Record<string, KindSchemas>> {
  let list;
  try {
    list = await kc.makeApiClient(ApiextensionsV1Api).listCustomResourceDefinition();
  } catch (error) {
    throw new Error(`listing the cluster's CustomResourceDefinitions: ${describeApiError(error)}`, { cause: error });
  }
  const out: Record<string, KindSchemas> = {};
  for (const crd of list.items) {
    if (crd.spec.group !== 'cilium.io') continue;
    // Back to the API's own JSON: the client's models rename schema keywords (default, enum,
    // x-kubernetes-*) to TypeScript names the compact form does not know.
    const wire = parse(dumpYaml({ ...crd, apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' })) as CrdObject;
    const [kind, schemas] = kindSchemasOf({ ...wire, kind: 'CustomResourceDefinition' }, `CRD ${crd.metadata?.name ?? '?'}`);
    out[kind] = schemas;
  }
  return out;
}
