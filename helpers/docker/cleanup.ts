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
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch((error: { statusCode?: number }) => {
    if (error.statusCode !== 404) throw error; // already gone (removed by a concurrent teardown)
  })));
  const networks = await docker.listNetworks({ filters: { label: [label] } });
  for (const n of networks) {
    await docker.getNetwork(n.Id).remove().catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
  }
  return { containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')), networks: networks.map((n) => n.Name) };
}
