// The container runtime client, with testcontainers set up for machines that
// cannot pull Ryuk: the lab removes its own resources by label instead.
process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
process.env['TESTCONTAINERS_HOST_OVERRIDE'] ??= 'localhost';

import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';

export type { ContainerRuntimeClient };

export function runtime(): Promise<ContainerRuntimeClient> {
  return getContainerRuntimeClient();
}
