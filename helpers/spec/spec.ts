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
}

/** Identity function that gives a spec literal its type (and editor help). */
export function defineLab(spec: LabSpec): LabSpec {
  return spec;
}
