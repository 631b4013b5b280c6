// One results document per lab run: what ran (provider, versions, spec) and
// every figure measured. `npm run compare` reads two of these.
import type { Figures } from './figures.ts';
import type { Measurement } from './measurements.ts';
import type { Outcome } from './outcomes.ts';

export interface RunMeta {
  readonly provider: string;
  readonly spec: string;
  readonly session: string;
  readonly startedAt: string;
  /** Versions of what ran: frr, gobgp (emulated), cilium and kind (kind). */
  readonly versions: Readonly<Record<string, string>>;
  /** How the router's kernel forwarded on the VIP's next hops, read back from it when the first disruption started. */
  readonly forwarding?: Readonly<Record<string, string>>;
  /** Bring-up phases, ms. */
  readonly phases: Readonly<Record<string, number>>;
  /** The machine, for figures to be read against. */
  readonly host: { readonly cpus: number; readonly memoryGiB: number; readonly platform: string };
}

export interface RunResults {
  readonly schema: 'anycast-lab/results/v1';
  readonly meta: RunMeta;
  readonly measurements: Readonly<Record<string, Figures>>;
  /** Per-node lines of rolling restarts, by measurement. */
  readonly nodes?: Readonly<Record<string, readonly string[]>>;
  /** Each scenario test's outcome ("04-cluster-failover > deleting cluster kind01 abruptly > ..."); absent for a run without scenarios. */
  readonly scenarios?: Readonly<Record<string, Outcome>>;
}

export function buildResults(meta: RunMeta, measurements: readonly Measurement[], scenarios: Readonly<Record<string, Outcome>> = {}): RunResults {
  const forwarding = measurements.find((m) => m.forwarding)?.forwarding;
  return {
    schema: 'anycast-lab/results/v1',
    meta: { ...meta, ...(forwarding ? { forwarding } : {}) },
    measurements: Object.fromEntries(measurements.map((m) => [m.name, m.figures])),
    ...(measurements.some((m) => m.nodes) ? { nodes: Object.fromEntries(measurements.filter((m) => m.nodes).map((m) => [m.name, m.nodes!])) } : {}),
    ...(Object.keys(scenarios).length > 0 ? { scenarios } : {}),
  };
}

export function parseResults(text: string, source: string): RunResults {
  let doc: RunResults;
  try {
    doc = JSON.parse(text) as RunResults;
  } catch (error) {
    throw new Error(`${source}: not JSON (${(error as Error).message})`);
  }
  if (doc.schema !== 'anycast-lab/results/v1') throw new Error(`${source}: schema is ${JSON.stringify(doc.schema)}, expected "anycast-lab/results/v1"`);
  return doc;
}
