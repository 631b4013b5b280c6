// The machine's size, as the providers weigh how many labs it runs at once.
import { availableParallelism, totalmem } from 'node:os';

export function hostSize(): { cores: number; memoryGiB: number } {
  return { cores: availableParallelism(), memoryGiB: totalmem() / 2 ** 30 };
}
