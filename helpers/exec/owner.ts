// A process as the owner of something it made (a lab session's networks, a
// run's report folder): "host:pid", and whether that process still runs.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** This process as an owner: "host:pid". */
export function currentOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/** "host:pid" taken apart (the host may itself hold colons). */
export function parseOwner(owner: string): { host: string; pid: number } {
  const at = owner.lastIndexOf(':');
  return { host: owner.slice(0, at), pid: Number(owner.slice(at + 1)) };
}

/** Whether a process of this host runs; a killed one its parent has not reaped yet (a zombie) does not. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}
