// Runs the LB-IPAM model (cilium/lb-ipam.ts) on a conformance case and says
// where it parts from what Cilium's test asserts: the addresses each Service
// gets (exactly, or one of some CIDRs where the test does not pin it), and
// which Services share one. The model reads the objects as they stand, so a
// case's objects, applied in order (a repeated name replaces, `_delete`
// removes), are reduced to what stands at each checkpoint and at the end.
// Service conditions and pool figures are not compared: the model has none
// (fixtures/cilium-conformance/README.md). Pure.
import type { ConformanceCase } from './case.ts';
import type { KubeObject } from '../manifests.ts';
import { readCiliumBgpResources } from '../resources.ts';
import { assignServiceAddresses } from '../lb-ipam.ts';
import { cidrContains, parseAddress, parseCidr } from '../../net/ipv4.ts';

interface AddressExpectation {
  readonly addresses?: Readonly<Record<string, readonly string[]>>;
  readonly relations?: readonly ({ readonly same: readonly [string, string] } | { readonly different: readonly [string, string] })[];
}

/** The operator settings the model assumes (Cilium's defaults with BGP and L2 announcements on): anything else is not modelled. */
const MODELLED_CLUSTER: Readonly<Record<string, unknown>> = { ipv4: true, ipv6: true, bgpControlPlane: true, l2Announcements: true, defaultLBServiceIPAM: 'lbipam' };

const objectKey = (o: { kind?: unknown; name?: unknown; namespace?: unknown }) => `${String(o.kind)}/${String(o.namespace ?? '')}/${String(o.name)}`;

/** The objects standing after the first `count` of the case's applies. */
export function standingObjects(c: ConformanceCase, count = c.objects.length): KubeObject[] {
  const standing = new Map<string, Record<string, unknown>>();
  for (const o of c.objects.slice(0, count)) {
    const removal = o['_delete'] as { kind: string; name: string; namespace?: string } | undefined;
    if (removal) {
      // A removal of nothing is a mistake in the case, which could then never fail.
      if (!standing.delete(objectKey(removal))) throw new Error(`case ${c.id}: _delete of ${objectKey(removal)}, which no earlier object created`);
      continue;
    }
    const metadata = o['metadata'] as { name: string; namespace?: string };
    standing.set(objectKey({ kind: o['kind'], name: metadata.name, namespace: metadata.namespace }), o);
  }
  return [...standing.values()].map((o, i) => ({ ...(o as unknown as Omit<KubeObject, 'source'>), source: `${c.id}#${i}` }));
}

function matches(wanted: string, have: string | undefined): boolean {
  if (have === undefined) return false;
  if (!wanted.startsWith('any:')) return wanted === have;
  return wanted.slice(4).split('|').some((cidr) => {
    const block = parseCidr(cidr);
    const address = parseAddress(have);
    return block !== undefined && address !== undefined && cidrContains(block, address);
  });
}

function differencesAt(objects: readonly KubeObject[], expected: AddressExpectation, at: string): string[] {
  let got: Map<string, readonly string[]>;
  try {
    got = new Map(assignServiceAddresses(readCiliumBgpResources(objects), '10.96.0.0/16', 'conformance').map((a) => [`${a.service.namespace}/${a.service.name}`, a.loadBalancerIPs]));
  } catch (error) {
    return [`${at}: the model refused the objects: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`];
  }
  const out: string[] = [];
  for (const [service, wanted] of Object.entries(expected.addresses ?? {})) {
    const have = [...(got.get(service) ?? [])];
    const exact = wanted.filter((w) => !w.startsWith('any:'));
    const ranged = wanted.filter((w) => w.startsWith('any:'));
    const agrees = wanted.length === have.length && exact.every((w) => have.includes(w)) && ranged.every((w) => have.some((h) => !exact.includes(h) && matches(w, h)));
    if (!agrees) out.push(`${at}: ${service} gets ${JSON.stringify(have)}, Cilium gives ${JSON.stringify(wanted)}`);
  }
  for (const relation of expected.relations ?? []) {
    const same = 'same' in relation;
    const [a, b] = same ? relation.same : relation.different;
    const [ga, gb] = [got.get(a) ?? [], got.get(b) ?? []];
    const equal = ga.length > 0 && JSON.stringify(ga) === JSON.stringify(gb);
    if (same && !equal) out.push(`${at}: ${a} ${JSON.stringify(ga)} and ${b} ${JSON.stringify(gb)} should share an address`);
    if (!same && (equal || ga.length === 0 || gb.length === 0)) out.push(`${at}: ${a} ${JSON.stringify(ga)} and ${b} ${JSON.stringify(gb)} should have addresses of their own`);
  }
  return out;
}

/** Where the model parts from the case; [] when it agrees. */
export function lbIpamDifferences(c: ConformanceCase): string[] {
  const cluster = (c['cluster'] ?? {}) as Record<string, unknown>;
  const unmodelled = Object.entries(cluster).filter(([k, v]) => MODELLED_CLUSTER[k] !== v).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  if (unmodelled.length > 0) return [`operator settings the model does not take: ${unmodelled.join(', ')}`];
  const checkpoints = (c['checkpoints'] ?? []) as readonly (AddressExpectation & { after: number })[];
  return [
    ...checkpoints.flatMap((cp) => differencesAt(standingObjects(c, cp.after), cp, `after ${cp.after} object(s)`)),
    ...differencesAt(standingObjects(c), c.expect as AddressExpectation, 'at the end'),
  ];
}
