// Removes what lab runs left behind: every provider's own leftovers (kind
// clusters on a lab network), then the labelled containers and networks. One
// session's, or every lab session's (after a crash).
import { PROVIDERS } from '../providers/registry.ts';
import { removeLabResources, type Removed } from '../docker/cleanup.ts';

export async function cleanupLabs(session: string | undefined): Promise<Removed> {
  // Providers first: kind nodes on a lab network keep docker from removing it.
  await Promise.all(Object.values(PROVIDERS).map((p) => p.cleanup(session)));
  return removeLabResources(session);
}
