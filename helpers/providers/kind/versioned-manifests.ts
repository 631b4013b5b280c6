// The golden manifests as a given Cilium version accepts them: the BGP and
// LB-IPAM kinds get that version's apiVersion, everything else is unchanged.
import type { KubeObject } from '../../cilium/manifests.ts';
import { ciliumApiVersion, VERSIONED_CILIUM_KINDS, type CiliumVersion } from './versions.ts';

export function manifestsForCilium(objects: readonly KubeObject[], version: CiliumVersion): KubeObject[] {
  const apiVersion = ciliumApiVersion(version);
  return objects.map((o) => ((VERSIONED_CILIUM_KINDS as readonly string[]).includes(o.kind) ? { ...o, apiVersion } : o));
}
