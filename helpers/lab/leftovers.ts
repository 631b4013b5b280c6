// Before a lab is created: a session of the same lab that docker still holds
// is either running (its owner process is alive, or it was left running on
// purpose by `npm run lab -- up` or LAB_KEEP=1 and its directory's state file
// still names it: this run stops and says which lab runs, where, since when,
// and how to stop it) or the leftovers of a run that died (kill -9, a crash):
// those are removed here, and said so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentOwner, parseOwner, processAlive } from '../exec/owner.ts';
import { labSessions, type LabSessionInfo } from '../docker/sessions.ts';
import { cleanupLabs } from './cleanup.ts';

/** 'unknown': made before sessions carried an owner (an older version of the lab). */
export type Verdict = 'running' | 'dead' | 'unknown';

/** Pure: is the session's owner alive? A session on another host, or without an owner label, is judged by what can be known. */
export function judgeSession(
  s: LabSessionInfo, me: { host: string; pid: number; startedAt?: number }, isAlive: (pid: number) => boolean, keptOnPurpose: (s: LabSessionInfo) => boolean,
): Verdict {
  if (keptOnPurpose(s)) return 'running';
  // Containers without a single network of their session: a removal cut short, no lab can run on them.
  if (s.networks.length === 0) return 'dead';
  if (!s.owner) return 'unknown';
  const { host, pid } = parseOwner(s.owner);
  // Another machine sharing this docker engine: its process cannot be seen from here, so it is left alone.
  if (host !== me.host) return 'running';
  // This process runs several labs side by side (the suite's projects); a session labelled with its
  // pid but made before it started is a killed run's whose pid this process was given again.
  if (pid === me.pid) return me.startedAt !== undefined && s.since !== undefined && Date.parse(s.since) >= me.startedAt ? 'running' : 'dead';
  return isAlive(pid) ? 'running' : 'dead';
}

/** Left running by `up` or LAB_KEEP=1: the state file in its directory names it as kept (a killed run's does not). */
export function keptByStateFile(s: LabSessionInfo): boolean {
  if (!s.dir) return false;
  try {
    const state = JSON.parse(readFileSync(join(s.dir, '.lab', 'state.json'), 'utf8')) as { session?: string; keptRunning?: boolean };
    return state.session === s.session && state.keptRunning === true;
  } catch {
    return false;
  }
}

export function runningLabMessage(s: LabSessionInfo): string {
  return `lab "${s.lab}" is already running: session ${s.session}, started ${s.since ?? 'at an unknown time'} from ${s.dir ?? 'an unknown directory'} by ${s.owner ?? 'an unknown process'}. ` +
    `Stop it with \`npm run lab -- down\` in that directory (or wait for its run to end): two labs of one spec share container and network names.`;
}

/** The same copy of a lab runs already: the run stops, or takes another copy when it may (lab/placement-choice.ts). */
export class LabRunningError extends Error {
  override readonly name = 'LabRunningError';
}

/**
 * Pure: whether a dead session of another lab is left to its guardian, a live process other than
 * this one (a test that killed the run on purpose and checks what the next run does with what it left).
 */
export function leftToGuardian(s: LabSessionInfo, lab: string, me: { host: string; pid: number }, isAlive: (pid: number) => boolean): boolean {
  if (s.lab === lab || !s.guardian) return false;
  const { host, pid } = parseOwner(s.guardian);
  return host === me.host && pid !== me.pid && isAlive(pid);
}

/** Refuses when the lab already runs; removes a dead run's leftovers of any lab (unless left to its guardian). */
export async function clearLeftovers(lab: string, log: (line: string) => void): Promise<void> {
  // Labels carry whole milliseconds; a second of slack keeps this process's first session its own.
  const me = { ...parseOwner(currentOwner()), startedAt: Date.now() - process.uptime() * 1000 - 1000 };
  for (const s of await labSessions()) {
    const verdict = judgeSession(s, me, processAlive, keptByStateFile);
    if (verdict === 'running') {
      if (s.lab === lab) throw new LabRunningError(runningLabMessage(s));
      continue;
    }
    // An owner-less session of another lab is none of this run's business; one of this lab would collide anyway.
    if (verdict === 'unknown' && s.lab !== lab) continue;
    if (leftToGuardian(s, lab, me, processAlive)) continue;
    const removed = await cleanupLabs(s.session);
    log(`removed the leftovers of session ${s.session} (lab "${s.lab}", its process ${s.owner ?? 'unknown'} is gone): ${removed.containers.length} containers, ${removed.networks.length} networks`);
  }
}
