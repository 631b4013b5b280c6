// Removing a container that another teardown removes at the same time.
import { describe, expect, it } from 'vitest';
import { removeContainer } from './cleanup.ts';

const dockerError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });

function container(removeFails?: Error, inspectsBeforeGone = 0) {
  let inspects = 0;
  return {
    inspects: () => inspects,
    async remove() {
      if (removeFails) throw removeFails;
    },
    async inspect() {
      inspects += 1;
      if (inspects > inspectsBeforeGone) throw dockerError(404, 'No such container');
      return {};
    },
  };
}

describe('removeContainer', () => {
  it('removes, and takes a container already gone (404) as removed', async () => {
    await expect(removeContainer(container())).resolves.toBeUndefined();
    await expect(removeContainer(container(dockerError(404, 'No such container')))).resolves.toBeUndefined();
  });

  // Seen with Docker 26 when a lab's stop and the next run's leftover clearing met:
  // "(HTTP code 409) unexpected - removal of container ... is already in progress".
  it('waits out a removal already in progress (409) until the container is gone', async () => {
    const c = container(dockerError(409, 'removal of container 8a42f159 is already in progress'), 3);
    await expect(removeContainer(c)).resolves.toBeUndefined();
    expect(c.inspects()).toBe(4);
  });

  it('gives up on a removal in progress that never ends, and passes other errors on', async () => {
    await expect(removeContainer(container(dockerError(409, 'in progress'), Infinity), 120)).rejects.toThrow('a container another teardown was removing still exists after 120 ms');
    await expect(removeContainer(container(dockerError(500, 'driver failed')))).rejects.toThrow('driver failed');
  });
});
