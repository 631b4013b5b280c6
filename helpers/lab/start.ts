// Brings a lab up from its resolved model: the provider's and router's checks
// first (nothing is created when they fail), then images, networks, router
// and client, clusters. On any failure, everything this session created is
// removed before the error is rethrown.
import type { ResolvedLab } from '../model/resolve.ts';
import type { LabNetworkRef, LabState } from '../model/state.ts';
import type { ClusterProvider } from '../providers/types.ts';
import type { RouterKind } from '../routers/types.ts';
import { newSessionId } from '../docker/labels.ts';
import { ensureLabImages } from '../docker/images.ts';
import { assertDockerReachable } from '../docker/prerequisites.ts';
import { createLabNetwork } from '../docker/networks.ts';
import { clearLeftovers } from './leftovers.ts';
import { takeBringUpSlot, type BringUpUrgency } from './bring-up-slots.ts';
import { startClient } from './client.ts';
import { stopLab } from './cleanup.ts';

export interface StartOptions {
  readonly provider: ClusterProvider;
  readonly router: RouterKind;
  readonly log?: (line: string) => void;
  /** Called with the session id before anything is created, so a signal handler can clean up. */
  readonly onSession?: (session: string) => void;
  /** Whether the lab is wanted as soon as it is up (default) or only later, for its turn at bring-up (lab/bring-up-slots.ts). */
  readonly urgency?: BringUpUrgency;
}

export async function startLab(lab: ResolvedLab, options: StartOptions): Promise<LabState> {
  const log = options.log ?? (() => {});
  const { provider, router } = options;
  const { spec } = lab;
  const phases: Record<string, number> = {};
  /** Times a step; `logged` ones are whole phases, the others parallel parts of one. */
  const timed = async <T>(name: string, run: () => Promise<T>, logged = true): Promise<T> => {
    const started = performance.now();
    const result = await run();
    phases[name] = Math.round(performance.now() - started);
    if (logged) log(`${name}: ${phases[name]} ms`);
    return result;
  };

  const routerFiles = await timed('check', async () => {
    await provider.check(lab);
    return router.render(lab);
  });
  const images = await timed('images', async () => {
    log(`docker ${await assertDockerReachable()}`);
    await provider.checkHost(lab);
    // The node image on every provider: the rogue speaker scenario runs a GoBGP container on a cluster's network.
    return ensureLabImages(log, [...new Set([...provider.images, 'node' as const])]);
  });
  // The same lab running elsewhere stops this run here; a dead run's leftovers are removed first.
  await timed('leftovers', () => clearLeftovers(spec.name, log), false);

  // Labs started side by side take turns at their CPU-heavy part (lab/bring-up-slots.ts); the wait is not bring-up.
  const releaseSlot = await timed('waiting for a bring-up slot', () => takeBringUpSlot({ urgency: options.urgency ?? 'now' }), false);
  // Bring-up objectives count from here: checks and image builds (once per image change) are not the lab's bring-up.
  const startedAt = Date.now();
  const session = newSessionId();
  options.onSession?.(session);
  try {
    const created = await timed('networks', () => Promise.all(spec.networks.map((n) => createLabNetwork(spec.name, session, n))));
    const networks: Record<string, LabNetworkRef> = Object.fromEntries(spec.networks.map((n, i) => [n.name, created[i]!]));
    // The router first, then the clusters: a speaker that finds the router
    // listening opens its session at once. The other way round measured slower:
    // GoBGP refuses the router's connections for its first seconds (idle hold),
    // and then retries only every connectRetryTimeSeconds (Cilium: 120 s).
    // "First" is the router's container running, not its daemons ready: a
    // speaker's first connection comes a random 1-2 s after its node is up (the
    // README's bring-up figures), and the nodes' own starts take longer than
    // FRR's (0.7 s), so the router's boot and the nodes' starts overlap.
    let routerRunning!: () => void;
    const routerStarted = new Promise<void>((resolve) => (routerRunning = resolve));
    const routerAndClient = timed('router+client', () => settleAll([
      timed('router', () => router.start({ lab, session, image: images.router, networks, files: routerFiles, onContainerStarted: routerRunning }), false),
      timed('client', () => startClient(lab, session, images.client, networks), false),
    ] as const));
    // A router that fails before its container runs: no cluster is started.
    await Promise.race([routerStarted, routerAndClient]);
    const clustersUp = timed('clusters', () => provider.createClusters({ lab, session, networks, images, log }));
    // Every start has ended, well or not, before a failure is rethrown: the cleanup then finds all it made.
    const [[routerRef, client], clusters] = await settleAll([routerAndClient, clustersUp] as const);
    releaseSlot();
    return { session, provider: provider.name, routerKind: router.name, lab, router: routerRef, client, clusters, networks, images, phases, startedAt };
  } catch (error) {
    releaseSlot();
    log(`bring-up failed, removing session ${session}: ${(error as Error).message}`);
    await stopLab(session, provider, log).catch((cleanupError: Error) => log(`cleanup after failure also failed: ${cleanupError.message}`));
    throw error;
  }
}

/** Like Promise.all, but rejects only once every promise has settled (the first rejection's reason). */
async function settleAll<T extends readonly unknown[]>(promises: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
