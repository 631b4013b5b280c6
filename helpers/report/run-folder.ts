// Every run writes its reports to a folder of its own, reports/runs/<run>, so
// two runs' files never mix; reports/latest points at the newest run that
// brought a lab up, so a later command (baseline save, a CI step) finds its
// reports at one path. The folder is chosen once per run by the process that
// starts it (vitest's config, the CLI) and handed to every process of the run
// through LAB_REPORTS_DIR; setting LAB_REPORTS_DIR yourself writes there
// instead, with no link and no pruning.
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { hostname } from 'node:os';
import { currentOwner, parseOwner, processAlive } from '../exec/owner.ts';
import { randomBytes } from 'node:crypto';

export const REPORTS_ROOT = 'reports';
export const LATEST_LINK = join(REPORTS_ROOT, 'latest');
/** Run folders kept under reports/runs; older finished ones are removed when a lab run starts. */
export const KEPT_RUNS = 20;
/** A folder this young is never removed, whoever made it (its run may still be writing). */
export const MIN_AGE_TO_PRUNE_MS = 10 * 60_000;
/** Names the process that made a run folder (host:pid): a live owner's folder is never removed. */
export const OWNER_FILE = '.run-owner';
const ENV = 'LAB_REPORTS_DIR';

/** A run folder's name: its start time (UTC, sortable) and a random part (two runs in one second). */
export function runFolderName(now = new Date(), random = randomBytes(3).toString('hex')): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${random}`;
}

/**
 * The folder this run writes to: LAB_REPORTS_DIR, or (the first call of a run)
 * a new one under reports/runs, whose absolute path is then set in
 * LAB_REPORTS_DIR so the processes the run starts later (vitest's workers)
 * write to the same folder.
 */
export function thisRunFolder(env: NodeJS.ProcessEnv = process.env, root = REPORTS_ROOT): string {
  const chosen = env[ENV];
  if (chosen) return chosen;
  const dir = resolve(root, 'runs', runFolderName());
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, OWNER_FILE), `${currentOwner()}\n`);
  env[ENV] = dir;
  return dir;
}

/**
 * A run that brings a lab up claims its folder: reports/latest points at it
 * and the oldest finished runs beyond KEPT_RUNS are removed. A folder chosen
 * with LAB_REPORTS_DIR outside reports/runs is left as it is.
 */
export function claimRunFolder(env: NodeJS.ProcessEnv = process.env, root = REPORTS_ROOT): string {
  const dir = thisRunFolder(env, root);
  const runs = resolve(root, 'runs');
  if (dirname(resolve(dir)) !== runs) return dir;
  pointLatestAt(dir, join(root, 'latest'));
  pruneRuns(KEPT_RUNS, dir, runs);
  return dir;
}

/** Where a later command finds the last run's reports: LAB_REPORTS_DIR when set, else reports/latest. */
export function lastRunFolder(env: NodeJS.ProcessEnv = process.env): string {
  return env[ENV] || LATEST_LINK;
}

/** reports/latest -> runs/<name> (relative), replaced in one rename so a reader never sees it missing. */
export function pointLatestAt(dir: string, link = LATEST_LINK): void {
  // Anything but a link at reports/latest is not ours to replace.
  if (existsSync(link) && !lstatSync(link).isSymbolicLink()) throw new Error(`${link} exists and is not the link to the latest run: move it away`);
  const temporary = `${link}.${process.pid}-${randomBytes(3).toString('hex')}`;
  symlinkSync(relative(dirname(resolve(link)), resolve(dir)), temporary);
  renameSync(temporary, link);
}

/** Whether a run folder's owner process still runs (on this host; another host's owner counts as gone). */
function ownerAlive(dir: string): boolean {
  let owner: string;
  try {
    owner = readFileSync(join(dir, OWNER_FILE), 'utf8').trim();
  } catch {
    return false;
  }
  const { host, pid } = parseOwner(owner);
  return host === hostname() && Number.isInteger(pid) && processAlive(pid);
}

/**
 * Removes the oldest run folders so `keep` remain, skipping `current`, any
 * whose owner process still runs and any younger than MIN_AGE_TO_PRUNE_MS
 * (a run still writing is never cut). Returns the removed ones.
 */
export function pruneRuns(keep: number, current: string, runs: string, now = Date.now()): string[] {
  const names = readdirSync(runs, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  let excess = names.length - keep;
  const removed: string[] = [];
  for (const name of names) {
    if (excess <= 0) break;
    const dir = join(runs, name);
    if (resolve(dir) === resolve(current) || ownerAlive(dir) || now - statSync(dir).mtimeMs < MIN_AGE_TO_PRUNE_MS) continue;
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
    excess--;
  }
  return removed;
}
