// The golden manifests as a given Cilium version accepts them: the BGP and
// LB-IPAM kinds get that version's apiVersion, and fields that version's
// schema lacks are dropped (its API server would drop them silently anyway,
// so the printed plan shows what the cluster really gets).
import type { KubeObject } from '../../cilium/manifests.ts';
import { ciliumApiVersion, VERSIONED_CILIUM_KINDS, type CiliumVersion } from './versions.ts';

/**
 * CiliumBGPInstance.localPort came with Cilium 1.18 (cilium/cilium PR 37476, "bgpv2: Allow setting
 * LocalPort from ClusterConfig", merged after 1.17.0): the v2alpha1 schema of 1.16 and 1.17 has no
 * such field. Without it the instance does not listen ("If not specified, BGP instance will not
 * listen for incoming connections", v2 bgp_cluster_types.go), so only the agent's own connections
 * bring a session up: the peer config's connectRetryTimeSeconds bounds how long that takes.
 */
export const LOCAL_PORT_MIN_MINOR = 18;

function withoutLocalPort(o: KubeObject): KubeObject {
  const spec = o.spec as { bgpInstances?: Record<string, unknown>[] } | undefined;
  if (!spec?.bgpInstances) return o;
  return { ...o, spec: { ...spec, bgpInstances: spec.bgpInstances.map(({ localPort: _localPort, ...instance }) => instance) } };
}

export function manifestsForCilium(objects: readonly KubeObject[], version: CiliumVersion): KubeObject[] {
  const apiVersion = ciliumApiVersion(version);
  return objects.map((o) => {
    if (!(VERSIONED_CILIUM_KINDS as readonly string[]).includes(o.kind)) return o;
    const versioned = { ...o, apiVersion };
    return o.kind === 'CiliumBGPClusterConfig' && version.minor < LOCAL_PORT_MIN_MINOR ? withoutLocalPort(versioned) : versioned;
  });
}
