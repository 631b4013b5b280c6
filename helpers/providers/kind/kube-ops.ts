// The kind provider's default Kubernetes API operations (kube-ops-types.ts),
// loaded on first use from kube-ops-live.ts: the Kubernetes client takes about
// a second and a half of CPU to import, and every scenario file's worker loads
// the provider registry, in emulated runs too.
import type { KubeOps } from './kube-ops-types.ts';

export type { KubeOps };

let live: Promise<KubeOps> | undefined;
const liveOps = (): Promise<KubeOps> => (live ??= import('./kube-ops-live.ts').then((m) => m.liveKubeOps));

const OPERATIONS = [
  'untaintControlPlane', 'apply', 'waitRollout', 'waitServiceIp', 'waitBgpEstablished', 'bgpNeighbors', 'podNodes',
  'deleteAdvertisements', 'restartAgent', 'agentContainer', 'clusterObjects', 'ciliumSchemas',
] as const satisfies readonly (keyof KubeOps)[];
// Every operation of the interface is in the list (a new one not listed fails to compile here).
const everyOperation: Exclude<keyof KubeOps, (typeof OPERATIONS)[number]> extends never ? true : never = true;
void everyOperation;

/** Each operation loads the live ones on its first call, then runs. */
export const defaultKubeOps = Object.fromEntries(OPERATIONS.map((op) => [
  op,
  async (...args: unknown[]) => ((await liveOps())[op] as (...a: unknown[]) => Promise<unknown>)(...args),
])) as unknown as KubeOps;
