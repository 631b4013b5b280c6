// Removes what lab runs left behind: every provider's own leftovers (kind
// clusters on a lab network), then the labelled containers and networks. One
// session's, or every lab session's (after a crash).
import { PROVIDERS } from '../providers/registry.ts';
import type { ClusterProvider } from '../providers/types.ts';
import { removeLabResources, type Removed } from '../docker/cleanup.ts';

export async function cleanupLabs(session: string | undefined): Promise<Removed> {
  // Providers first: kind nodes on a lab network keep docker from removing it.
  await Promise.all(Object.values(PROVIDERS).map((p) => p.cleanup(session)));
  return removeLabResources(session);
}

/** Removes everything one session made; a provider that fails to clean up is logged, and the labelled resources still go. */
export async function stopLab(session: string, provider: ClusterProvider, log: (line: string) => void = () => {}): Promise<void> {
  // Provider first: kind nodes on a lab network keep docker from removing it.
  await provider.cleanup(session).catch((error: Error) => log(`provider cleanup of session ${session} failed: ${error.message}`));
  await removeLabResources(session);
}
