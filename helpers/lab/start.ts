// Brings a lab up from its spec: validate and translate everything first
// (nothing is created when the spec or manifests are wrong), then images,
// networks, router and client, clusters. On any failure, everything this
// session created is removed before the error is rethrown.
import type { LabSpec } from '../spec/spec.ts';
import type { LabState } from '../spec/state.ts';
import { assertValidLab, SpecError } from '../spec/validate.ts';
import { checkManifestsAgainstSpec } from '../spec/manifest-checks.ts';
import { labClusterManifests } from '../cilium/auth-secrets.ts';
import { readCiliumBgpResources } from '../cilium/resources.ts';
import { removeLabResources } from '../docker/cleanup.ts';
import { startRouter } from '../routers/frr/router.ts';
import { startClient } from './client.ts';
import { newSessionId } from '../docker/labels.ts';
import { ensureLabImages } from '../docker/images.ts';
import { assertDockerReachable } from '../docker/prerequisites.ts';
import { createLabNetwork, type LabNetwork } from '../docker/networks.ts';
import { renderFrrFiles } from '../routers/frr/render-config.ts';
import type { ClusterProvider } from '../providers/types.ts';

export interface StartOptions {
  readonly provider: ClusterProvider;
  readonly log?: (line: string) => void;
  readonly session?: string;
  /** Called with the session id before anything is created, so a signal handler can clean up. */
  readonly onSession?: (session: string) => void;
}

export async function startLab(spec: LabSpec, options: StartOptions): Promise<LabState> {
  const log = options.log ?? (() => {});
  const { provider } = options;
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    phases[name] = Math.round(performance.now() - started);
    log(`${name}: ${phases[name]} ms`);
    return result;
  };

  /** Times one of several parallel steps (recorded, not logged: the enclosing phase is). */
  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    phases[name] = Math.round(performance.now() - started);
    return result;
  };

  await phase('check', async () => {
    assertValidLab(spec);
    await assertManifestsMatchSpec(spec);
    await provider.check(spec);
  });
  const frrFiles = await renderFrrFiles(spec);
  const images = await phase('images', async () => {
    log(`docker ${await assertDockerReachable()}`);
    await provider.checkHost(spec);
    return ensureLabImages(log, provider.images);
  });

  const session = options.session ?? newSessionId();
  options.onSession?.(session);
  try {
    const created = await phase('networks', () => Promise.all(spec.networks.map((n) => createLabNetwork(spec.name, session, n))));
    const networks: Record<string, LabNetwork> = Object.fromEntries(spec.networks.map((n, i) => [n.name, created[i]!]));
    // The router first, then the clusters: a speaker that finds the router
    // listening opens its session at once. The other way round measured slower:
    // GoBGP refuses the router's connections for its first seconds (idle hold),
    // and then retries only every connectRetryTimeSeconds (Cilium: 120 s).
    const [router, client] = await phase('router+client', () => Promise.all([
      timed('router', () => startRouter(spec, session, images.router, networks, frrFiles)),
      timed('client', () => startClient(spec, session, images.client, networks)),
    ]));
    const clusters = await phase('clusters', () => provider.createClusters({ spec, session, networks, images, log }));
    return {
      session,
      provider: provider.name,
      spec,
      router: { name: router.getName().replace(/^\//, ''), id: router.getId() },
      client: { name: client.getName().replace(/^\//, ''), id: client.getId() },
      clusters,
      networks,
      images,
      phases,
    };
  } catch (error) {
    log(`bring-up failed, removing session ${session}: ${(error as Error).message}`);
    // Provider first: kind nodes on a lab network keep docker from removing it.
    await provider.cleanup(session).catch((cleanupError: Error) => log(`provider cleanup after failure also failed: ${cleanupError.message}`));
    await removeLabResources(session).catch((cleanupError: Error) => log(`cleanup after failure also failed: ${cleanupError.message}`));
    throw error;
  }
}

/** Every cluster's manifests parse and agree with the spec, or a SpecError lists each mismatch. */
export async function assertManifestsMatchSpec(spec: LabSpec): Promise<void> {
  const perCluster = await Promise.all(spec.clusters.map(async (c) =>
    checkManifestsAgainstSpec(spec, c.name, readCiliumBgpResources(await labClusterManifests(spec, c.name)))));
  const issues = perCluster.flat();
  if (issues.length > 0) throw new SpecError(issues, spec.name);
}

export async function stopLab(state: LabState, provider: ClusterProvider): Promise<void> {
  await provider.cleanup(state.session);
  await removeLabResources(state.session);
}
