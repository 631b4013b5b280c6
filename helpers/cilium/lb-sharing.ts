// Which LoadBalancer Services may share one address, as Cilium's LB-IPAM
// decides (cilium/cilium operator/pkg/lbipam/service_store.go at e0cc421a, isCompatible, and
// sharing_cluster.go at 669f18e3; corpus lb-ipam/sharing.yaml, from TestSharingKey,
// TestSharingCrossNamespace, TestSharingClusters, TestIsCompatibleReasons):
// both carry the same sharing key; they live in one namespace or each lets the
// other's in; their traffic policies are equal and, when Local, they select
// the same pods (unless both permit different ones); no port is used by both
// over the same protocol. Pure.

export const SHARING_KEY_ANNOTATIONS = ['lbipam.cilium.io/sharing-key', 'io.cilium/lb-ipam-sharing-key'];
export const SHARING_CROSS_NAMESPACE_ANNOTATIONS = ['lbipam.cilium.io/sharing-cross-namespace', 'io.cilium/lb-ipam-sharing-cross-namespace'];
export const PERMIT_DIFFERENT_PODS_ANNOTATION = 'lbipam.cilium.io/sharing-permit-different-pods';

export interface Sharing {
  readonly key: string;
  /** Namespaces (or "*") whose Services may share with this one besides its own. */
  readonly crossNamespace: readonly string[];
  readonly permitDifferentPods: boolean;
}

/** The Service's sharing annotations, or undefined when it shares with no one. */
export function sharingOf(annotations: Readonly<Record<string, string>>): Sharing | undefined {
  const key = SHARING_KEY_ANNOTATIONS.map((a) => annotations[a]).find((v) => v !== undefined && v !== '');
  if (key === undefined) return undefined;
  const cross = SHARING_CROSS_NAMESPACE_ANNOTATIONS.map((a) => annotations[a]).find((v) => v !== undefined) ?? '';
  return { key, crossNamespace: cross.split(',').map((s) => s.trim()).filter(Boolean), permitDifferentPods: annotations[PERMIT_DIFFERENT_PODS_ANNOTATION] === 'true' };
}

/** What of a Service decides whether it shares (a ServiceObject is one). */
export interface SharingParty {
  readonly name: string;
  readonly namespace: string;
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly selector: Readonly<Record<string, string>>;
  readonly servicePorts: readonly { readonly port: number; readonly protocol: string }[];
  readonly sharing?: Sharing;
}

const lets = (s: SharingParty, namespace: string) => s.sharing!.crossNamespace.includes('*') || s.sharing!.crossNamespace.includes(namespace);
const sameSelector = (a: SharingParty, b: SharingParty) => JSON.stringify(Object.entries(a.selector).sort()) === JSON.stringify(Object.entries(b.selector).sort());

/** Why two Services cannot share an address, or undefined when they can. */
export function whyNotShared(a: SharingParty, b: SharingParty): string | undefined {
  if (!a.sharing || !b.sharing) return 'only Services with a sharing key share an address';
  if (a.sharing.key !== b.sharing.key) return `their sharing keys differ (${a.sharing.key}, ${b.sharing.key})`;
  if (a.namespace !== b.namespace && !(lets(a, b.namespace) && lets(b, a.namespace))) return `namespaces ${a.namespace} and ${b.namespace} do not both allow each other (lbipam.cilium.io/sharing-cross-namespace)`;
  if (a.externalTrafficPolicy !== b.externalTrafficPolicy) return 'one has externalTrafficPolicy Local and the other Cluster';
  if (a.externalTrafficPolicy === 'Local' && !sameSelector(a, b) && !(a.sharing.permitDifferentPods && b.sharing.permitDifferentPods)) return 'with externalTrafficPolicy Local they must select the same pods';
  const clash = a.servicePorts.find((p) => b.servicePorts.some((q) => q.port === p.port && q.protocol === p.protocol));
  if (clash) return `both use port ${clash.port}/${clash.protocol}`;
  return undefined;
}
