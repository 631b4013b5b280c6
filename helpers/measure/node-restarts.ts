// Per-node figures of a rolling restart (a speaker or agent upgrade), seen from
// the router: while the roll runs, its BGP neighbours and the VIP's paths are
// sampled; afterwards, for each node, how long its session was down, whether
// its path stayed (kept as stale by graceful restart) or was withdrawn, and how
// many client requests failed while it restarted.
import type { Router } from '../routers/types.ts';
import type { ProbeSample } from './probe-output.ts';

export interface RouterSample {
  /** Epoch ms the sample was taken (after both reads answered). */
  readonly at: number;
  /** Addresses of the neighbours in Established. */
  readonly established: readonly string[];
  /** The VIP's BGP paths by next hop. */
  readonly paths: readonly { readonly nextHop: string; readonly stale: boolean }[];
}

export interface RouterSampler {
  stop(): Promise<RouterSample[]>;
}

/** Samples the router's neighbours and `prefix`'s paths back to back, about every `intervalMs`, until stopped. */
export function sampleRouter(router: Router, prefix: string, intervalMs = 200): RouterSampler {
  const samples: RouterSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      try {
        const [neighbors, route] = await Promise.all([router.neighbors(), router.bgpRoute(prefix)]);
        samples.push({
          at: Date.now(),
          established: neighbors.filter((n) => n.state === 'Established').map((n) => n.address),
          paths: route.paths.map((p) => ({ nextHop: p.nextHop, stale: p.stale })),
        });
      } catch {
        // A read that failed is a gap in the samples, not the end of the watch.
      }
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - started))));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

export interface RestartedNode {
  readonly cluster: string;
  readonly node: string;
  readonly address: string;
}

export interface NodeRestart extends RestartedNode {
  /** Epoch ms of the first sample without the node's session, and of the first with it again. */
  readonly downAt?: number;
  readonly upAt?: number;
  /** upAt - downAt, ms (to the sampling interval); undefined when the session never dropped or never came back. */
  readonly sessionDownMs?: number;
  /** What the router did with the node's path meanwhile. */
  readonly path: 'kept' | 'kept stale' | 'withdrawn';
  /** Failed requests started while the node's session was down (or within a probe timeout before). */
  readonly failedRequests: number;
}

/** Pure: each node's restart from the router's samples and the probe's. */
export function nodeRestarts(
  samples: readonly RouterSample[], nodes: readonly RestartedNode[], probe: readonly ProbeSample[], probeTimeoutMs: number,
): NodeRestart[] {
  return nodes.map((n) => {
    const downIndex = samples.findIndex((s) => !s.established.includes(n.address));
    const down = downIndex >= 0 ? samples[downIndex] : undefined;
    const up = down ? samples.slice(downIndex).find((s) => s.established.includes(n.address)) : undefined;
    const during = samples.slice(Math.max(0, downIndex), up ? samples.indexOf(up) + 1 : samples.length);
    const paths = downIndex >= 0 ? during.map((s) => s.paths.find((p) => p.nextHop === n.address)) : [];
    const path = paths.some((p) => p === undefined) ? 'withdrawn' : paths.some((p) => p?.stale) ? 'kept stale' : 'kept';
    const from = down ? down.at - probeTimeoutMs : Number.POSITIVE_INFINITY;
    const to = up ? up.at : Number.POSITIVE_INFINITY;
    return {
      ...n,
      ...(down ? { downAt: down.at } : {}),
      ...(up ? { upAt: up.at } : {}),
      ...(down && up ? { sessionDownMs: up.at - down.at } : {}),
      path,
      failedRequests: probe.filter((s) => !s.ok && s.at >= from && s.at <= to).length,
    };
  });
}

/** One line per node, for logs and reports. */
export function formatNodeRestarts(restarts: readonly NodeRestart[]): string[] {
  return restarts.map((r) => `${r.node} (${r.address}): session down ${r.sessionDownMs === undefined ? (r.downAt ? 'and not back' : 'never') : `${r.sessionDownMs} ms`}, path ${r.path}, ${r.failedRequests} failed requests`);
}
