// Bring-ups take turns. Starting a lab is the CPU-heavy part of its life
// (containers created and started, FRR's and GoBGP's start-up, first
// sessions); once up, a lab mostly waits on protocol timers. Labs started side
// by side (the suite's projects and files, another suite run on the host)
// would otherwise all start at once and stretch each other's bring-up and
// readiness waits far beyond what one lab needs. A slot is a file created
// exclusively in the host's temp folder, naming its owner process; a slot
// whose owner is gone is free again.
import { mkdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { releaseOwnedFile, takeOwnedFile } from '../exec/owned-file.ts';

export const SLOTS_DIR = join(tmpdir(), 'anycast-lab-bring-up');

/** One bring-up per core but one: each is mostly CPU while it lasts, and the labs already up are measuring. */
export function defaultSlots(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Takes a free slot (waiting for one as long as it takes); returns its release. */
export async function takeBringUpSlot(slots = defaultSlots(), dir = SLOTS_DIR, pollMs = 100): Promise<() => void> {
  mkdirSync(dir, { recursive: true });
  for (;;) {
    for (let i = 0; i < slots; i++) {
      const path = join(dir, `slot-${i}`);
      if (takeOwnedFile(path)) return () => releaseOwnedFile(path);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
