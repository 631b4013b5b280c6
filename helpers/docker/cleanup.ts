// Removes a lab's containers and networks by label: one session's, or every
// lab session's (for what a crashed run left behind).
import { LABEL_SESSION } from './labels.ts';
import { runtime } from './runtime.ts';

export interface Removed {
  readonly containers: readonly string[];
  readonly networks: readonly string[];
}

export async function removeLabResources(session?: string): Promise<Removed> {
  const client = await runtime();
  const docker = client.container.dockerode;
  const label = session ? `${LABEL_SESSION}=${session}` : LABEL_SESSION;
  const containers = await docker.listContainers({ all: true, filters: { label: [label] } });
  await Promise.all(containers.map((c) => removeContainer(docker.getContainer(c.Id))));
  const networks = await docker.listNetworks({ filters: { label: [label] } });
  for (const n of networks) {
    await docker.getNetwork(n.Id).remove().catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
  }
  return { containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')), networks: networks.map((n) => n.Name) };
}

interface RemovableContainer {
  remove(options: { force: boolean }): Promise<unknown>;
  inspect(): Promise<unknown>;
}

/** How long a removal someone else started may take before this one gives up. */
const OTHER_REMOVAL_BUDGET_MS = 30_000;

/**
 * Removes a container that another teardown may be removing at the same time (a lab's own stop and
 * the next run's clearing of its leftovers): gone already (404) is done, and a removal already in
 * progress (409) is waited out, so the networks are free once this returns.
 */
export async function removeContainer(container: RemovableContainer, budgetMs = OTHER_REMOVAL_BUDGET_MS): Promise<void> {
  try {
    await container.remove({ force: true });
    return;
  } catch (error) {
    const { statusCode } = error as { statusCode?: number };
    if (statusCode === 404) return;
    if (statusCode !== 409) throw error;
  }
  const deadline = Date.now() + budgetMs;
  for (;;) {
    try {
      await container.inspect();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return;
      throw error;
    }
    if (Date.now() > deadline) throw new Error(`a container another teardown was removing still exists after ${budgetMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
