// Bring-ups take turns. Starting a lab is the CPU-heavy part of its life
// (containers created and started, FRR's and GoBGP's start-up, first
// sessions); once up, a lab mostly waits on protocol timers. Labs started side
// by side (the suite's projects and files, another suite run on the host)
// would otherwise all start at once and stretch each other's bring-up and
// readiness waits far beyond what one lab needs. A slot is a file created
// exclusively in the host's temp folder, naming its owner process; a slot
// whose owner is gone is free again.
import { mkdirSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { heldByLiveOwner, releaseOwnedFile, takeOwnedFile } from '../exec/owned-file.ts';

export const SLOTS_DIR = join(tmpdir(), 'anycast-lab-bring-up');

/** One bring-up per core but one: each is mostly CPU while it lasts, and the labs already up are measuring. */
export function defaultSlots(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * Whether the lab is wanted as soon as it is up ('now': a scenario file waits for it, or a user), or
 * only later ('later': a project's shared lab, which its read-only files use after the files with labs
 * of their own, Vitest running those first): a 'later' bring-up leaves the slots to any 'now' one waiting.
 */
export type BringUpUrgency = 'now' | 'later';

export interface SlotOptions {
  readonly urgency?: BringUpUrgency;
  readonly slots?: number;
  readonly dir?: string;
  readonly pollMs?: number;
}

/** Takes a free slot (waiting for one as long as it takes); returns its release. */
export async function takeBringUpSlot(options: SlotOptions = {}): Promise<() => void> {
  const { urgency = 'now', slots = defaultSlots(), dir = SLOTS_DIR, pollMs = 100 } = options;
  mkdirSync(dir, { recursive: true });
  // A 'now' bring-up says it waits, in a file of its own that a 'later' one respects while its owner lives.
  const waiting = urgency === 'now' ? takeWaitingMark(dir) : undefined;
  try {
    for (;;) {
      if (urgency === 'now' || !anyoneWaiting(dir)) {
        for (let i = 0; i < slots; i++) {
          const path = join(dir, `slot-${i}`);
          if (takeOwnedFile(path)) return () => releaseOwnedFile(path);
        }
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  } finally {
    if (waiting) releaseOwnedFile(waiting);
  }
}

const WAITING = 'waiting-';

function takeWaitingMark(dir: string): string {
  for (;;) {
    const path = join(dir, `${WAITING}${process.pid}-${randomBytes(4).toString('hex')}`);
    if (takeOwnedFile(path)) return path;
  }
}

/** A 'now' bring-up of a live process waits for a slot (a mark whose owner is gone is removed). */
function anyoneWaiting(dir: string): boolean {
  return readdirSync(dir).some((name) => name.startsWith(WAITING) && heldByLiveOwner(join(dir, name)));
}
