// A file that stands for something only one process may hold at a time on this
// host (a bring-up slot, an address block being claimed): created exclusively,
// holding its owner ("host:pid"). A file whose owner process is gone is taken
// over, so a killed run never blocks the next one.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { currentOwner, parseOwner, processAlive } from './owner.ts';

/** Takes the file for this process; false while a live process holds it. */
export function takeOwnedFile(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, currentOwner());
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (heldByLiveOwner(path)) return false;
  // Freed: take it, unless another process was quicker (then it is theirs).
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, currentOwner());
    closeSync(fd);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a live process holds the file; one whose owner is gone is removed (false). A file being
 * written by its new owner this very moment counts as held.
 */
export function heldByLiveOwner(path: string): boolean {
  try {
    const { pid } = parseOwner(readFileSync(path, 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    return true;
  }
  rmSync(path, { force: true });
  return false;
}

export function releaseOwnedFile(path: string): void {
  rmSync(path, { force: true });
}
