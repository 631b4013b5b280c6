// Versions of what a lab run used, for its results: Node here, the router's
// routing software, and what the provider's clusters run.
import type { Lab } from './lab.ts';

export async function labVersions(lab: Lab): Promise<Record<string, string>> {
  const [router, clusters] = await Promise.all([
    lab.router.versions().catch(() => ({})),
    lab.provider.versions(lab.state).catch(() => ({})),
  ]);
  return { node: process.version, ...router, ...clusters };
}

