// Every run writes its reports to a folder of its own, reports/runs/<run>, and
// reports/latest points at the newest one, so two runs' files never mix and a
// later command (baseline save, a CI step) finds the last run's at one path.
// The folder is chosen once per run by the process that starts it (vitest's
// config, the CLI's run/up) and handed to every process of the run through
// LAB_REPORTS_DIR; setting LAB_REPORTS_DIR yourself writes there instead, with
// no latest link and no pruning.
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';

export const REPORTS_ROOT = 'reports';
export const RUNS_DIR = join(REPORTS_ROOT, 'runs');
export const LATEST_LINK = join(REPORTS_ROOT, 'latest');
/** Run folders kept under reports/runs; older ones are removed when a new run starts. */
export const KEPT_RUNS = 20;
const ENV = 'LAB_REPORTS_DIR';

/** A run folder's name: its start time (UTC, sortable) and a random part (two runs in one second). */
export function runFolderName(now = new Date(), random = randomBytes(3).toString('hex')): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${random}`;
}

/**
 * The folder this run writes to. The first call in a run (no LAB_REPORTS_DIR)
 * makes a new one under reports/runs, points reports/latest at it, removes the
 * oldest beyond KEPT_RUNS, and sets LAB_REPORTS_DIR so the processes the run
 * starts later (vitest's workers) write to the same folder.
 */
export function thisRunFolder(env: NodeJS.ProcessEnv = process.env, root = REPORTS_ROOT): string {
  const chosen = env[ENV];
  if (chosen) return chosen;
  const runs = join(root, 'runs');
  const dir = join(runs, runFolderName());
  mkdirSync(dir, { recursive: true });
  pointLatestAt(dir, join(root, 'latest'));
  pruneRuns(KEPT_RUNS, dir, runs);
  env[ENV] = dir;
  return dir;
}

/** Where a later command finds the last run's reports: LAB_REPORTS_DIR when set, else reports/latest. */
export function lastRunFolder(env: NodeJS.ProcessEnv = process.env): string {
  return env[ENV] || LATEST_LINK;
}

/** reports/latest -> runs/<name>, replaced in one rename so a reader never sees it missing. */
export function pointLatestAt(dir: string, link = LATEST_LINK): void {
  // A real folder at reports/latest is not ours to replace.
  if (existsSync(link) && !lstatSync(link).isSymbolicLink()) throw new Error(`${link} is a folder, not the link to the latest run: move it away`);
  const temporary = `${link}.${process.pid}`;
  rmSync(temporary, { force: true });
  symlinkSync(relative(join(link, '..'), dir), temporary);
  renameSync(temporary, link);
}

/** Removes the oldest run folders so `keep` remain, never `current`. Returns the removed ones. */
export function pruneRuns(keep: number, current: string, runs = RUNS_DIR): string[] {
  const names = readdirSync(runs, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const removable = names.filter((n) => join(runs, n) !== current);
  const excess = names.length - keep;
  const removed = excess > 0 ? removable.slice(0, excess) : [];
  for (const name of removed) rmSync(join(runs, name), { recursive: true, force: true });
  return removed.map((n) => join(runs, n));
}
