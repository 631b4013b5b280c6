// The lab as data. A spec says what exists (networks, router, client, clusters)
// and what is expected of it (the VIP); providers turn it into running things.

export interface NetworkSpec {
  /** Short name, also the docker network's name (kind uses it as KIND_EXPERIMENTAL_DOCKER_NETWORK). */
  readonly name: string;
  readonly subnet: string;
  /** The docker bridge's address; defaults to the subnet's first host. */
  readonly gateway?: string;
}

export interface InterfaceSpec {
  readonly network: string;
  readonly address: string;
}

/**
 * What the router's kernel does with an ECMP next hop it can no longer reach. Linux hashes each new
 * flow over the route's next hops; whether it skips one whose neighbour (ARP) entry failed depends
 * on how the route is installed. Set explicitly: failover figures depend on it.
 */
export interface ForwardingSpec {
  /**
   * The routing daemon installs ECMP routes through kernel next-hop objects (FRR: `zebra nexthop
   * kernel enable`, its default). The kernel then always skips a next hop whose neighbour entry is
   * INCOMPLETE or FAILED, whatever fibMultipathUseNeigh says.
   */
  readonly nexthopObjects: boolean;
  /** net.ipv4.fib_multipath_use_neigh: with inline next hops, skip one whose neighbour entry failed (Linux default: false). */
  readonly fibMultipathUseNeigh: boolean;
}

/** FRR's and Linux's defaults. */
export const DEFAULT_FORWARDING: ForwardingSpec = { nexthopObjects: true, fibMultipathUseNeigh: false };

export function forwardingOf(router: RouterSpec): ForwardingSpec {
  return { ...DEFAULT_FORWARDING, ...router.forwarding };
}

/**
 * What the router accepts from and sends to cluster peers. `reference`: from a cluster only host
 * routes inside the LoadBalancer pool (and `allow`), with that cluster's own ASN as the whole AS
 * path, at most `maximumPrefixes` per peer; nothing is sent to the clusters (their nodes reach the
 * client by static routes). `accept-all`: the write-up's ACCEPT-ALL both ways, for testing exactly
 * that; the lab warns when it is chosen.
 */
export interface RouterPolicySpec {
  readonly mode: 'reference' | 'accept-all';
  /** Further prefixes cluster peers may announce, as FRR prefix-list entries: "10.96.0.0/16 le 32" (ClusterIP advertisement). */
  readonly allow?: readonly string[];
  /** Accepted prefixes per cluster peer above which the router ends the session (FRR maximum-prefix). */
  readonly maximumPrefixes?: number;
}

/** The reference policy: room for 8 LoadBalancer addresses per node, far more than this lab's one. */
export const DEFAULT_ROUTER_POLICY: RouterPolicySpec = { mode: 'reference', maximumPrefixes: 8 };

export function routerPolicyOf(router: RouterSpec): RouterPolicySpec {
  return router.policy ?? DEFAULT_ROUTER_POLICY;
}

export interface RouterSpec {
  /** The router kind (routers/registry.ts): its software, config and reads. Default frr. */
  readonly kind?: string;
  readonly name: string;
  readonly asn: number;
  readonly routerId: string;
  readonly interfaces: readonly InterfaceSpec[];
  /** ECMP width: FRR's `maximum-paths`. */
  readonly maximumPaths: number;
  readonly timers: { readonly keepaliveSeconds: number; readonly holdSeconds: number };
  /** How the kernel treats unreachable next hops; default DEFAULT_FORWARDING. */
  readonly forwarding?: Partial<ForwardingSpec>;
  /** Route policy towards cluster peers; default DEFAULT_ROUTER_POLICY. */
  readonly policy?: RouterPolicySpec;
}

export interface ClientSpec {
  readonly name: string;
  readonly network: string;
  readonly address: string;
  /** Prefixes the client reaches through the router. */
  readonly routes: readonly string[];
}

export interface ClusterSpec {
  /** Cluster name, as in `kind create cluster --name`. */
  readonly name: string;
  readonly network: string;
  /** Node count: one control plane plus workers. */
  readonly nodes: number;
  readonly localAsn: number;
  /** The router's address this cluster's nodes peer with. */
  readonly peerAddress: string;
  /** Node addresses in creation order; defaults to the subnet's hosts after the gateway. */
  readonly nodeAddresses?: readonly string[];
  /** Kubernetes service CIDR (kind's default is 10.96.0.0/16). */
  readonly serviceSubnet: string;
  /** Pod CIDR the cluster hands out per node /24s from (kind's default is 10.244.0.0/16). */
  readonly podSubnet: string;
}

export interface ServiceRef {
  readonly namespace: string;
  readonly name: string;
  readonly port: number;
}

/** What the lab must deliver, whatever the manifests under test say (model/objectives.ts). */
export interface ObjectivesSpec {
  /** Lab start to the VIP on every expected next hop, ms, per cluster provider (a provider not named: not judged). */
  readonly bringUpMs: Readonly<Record<string, number>>;
  /** An abrupt cluster loss (scenario 04): what clients may see at most. */
  readonly abruptLoss: {
    /** Deletion to new flows going to the survivors only. */
    readonly convergenceMs: number;
    /** First to last failed request. */
    readonly disruptionWindowMs: number;
    /** Failed requests over the whole measurement, percent. */
    readonly failedPercent: number;
  };
  /** Failed requests allowed while the lab changes without losing a next hop (normally none). */
  readonly failedRequests: {
    readonly gracefulDeletion: number;
    readonly recovery: number;
    readonly speakerRestart: number;
    readonly upgrade: number;
  };
}

/** A figure counts as worse when it grew by more than `absolute` (its unit) and by more than `relative` (a fraction). */
export interface ToleranceSpec {
  readonly relative: number;
  readonly absolute: number;
}

/** A known, accepted difference of one version, with its reason: compared with its own tolerance, for that version only. */
export interface DeviationSpec {
  readonly name: string;
  readonly reason: string;
  /** The run's versions it applies to, by prefix: { cilium: '1.19' }, { gobgp: '3.10' }. */
  readonly when: Readonly<Record<string, string>>;
  /** Measurement (e.g. "abrupt-deletion") and figure (e.g. "convergenceMs") it covers. */
  readonly measurement: string;
  readonly figure: string;
  readonly tolerance: ToleranceSpec;
}

/** How runs are compared with a baseline (model/regression-settings.ts has the defaults). */
export interface RegressionSpec {
  readonly tolerances?: Readonly<Record<string, ToleranceSpec>>;
  readonly deviations?: readonly DeviationSpec[];
}

export interface LabSpec {
  /** Prefix of every docker resource the lab creates. */
  readonly name: string;
  readonly networks: readonly NetworkSpec[];
  readonly router: RouterSpec;
  readonly client: ClientSpec;
  readonly clusters: readonly ClusterSpec[];
  readonly loadBalancer: {
    /** The LB pool range the Cilium pool hands out from. */
    readonly poolStart: string;
    readonly poolStop: string;
    /** The anycast VIP every cluster gives the workload's Service. */
    readonly vip: string;
  };
  readonly workload: ServiceRef;
  /**
   * TCP MD5 password of every BGP session. The lab gives it to the router and
   * creates the Secret each CiliumBGPPeerConfig's authSecretRef names. Without
   * it, Cilium peers with an empty password (and logs the missing Secret).
   */
  readonly bgpPassword?: string;
  /** Folder of the Cilium manifests applied to every cluster (relative to the repository root). */
  readonly manifestsDir: string;
  /** What the lab must deliver; default model/objectives.ts DEFAULT_OBJECTIVES. */
  readonly objectives?: ObjectivesSpec;
  /** Tolerances and deviations when a run is compared with a baseline. */
  readonly regression?: RegressionSpec;
}

/** Identity function that gives a spec literal its type (and editor help). */
export function defineLab(spec: LabSpec): LabSpec {
  return spec;
}
