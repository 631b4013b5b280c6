import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { claimRunFolder, KEPT_RUNS, lastRunFolder, MIN_AGE_TO_PRUNE_MS, OWNER_FILE, pointLatestAt, pruneRuns, runFolderName, thisRunFolder } from './run-folder.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'run-folder-'));
const HOUR_AGO = (Date.now() - 2 * MIN_AGE_TO_PRUNE_MS) / 1000;

/** Finished run folders (owner gone, old enough to prune), named so they sort by i. */
function finishedRuns(runs: string, from: number, to: number): string[] {
  const dirs: string[] = [];
  for (let i = from; i < to; i++) {
    const dir = join(runs, `20261127-0000${String(i).padStart(2, '0')}-aaaaaa`);
    mkdirSync(dir, { recursive: true });
    utimesSync(dir, HOUR_AGO, HOUR_AGO);
    dirs.push(dir);
  }
  return dirs;
}

describe('run folders', () => {
  it('are named by their UTC start, so they sort in order, with a random part', () => {
    expect(runFolderName(new Date('2026-11-27T07:05:09.123Z'), 'a1b2c3')).toBe('20261127-070509-a1b2c3');
    expect(runFolderName(new Date('2026-11-27T07:05:10Z'), '000000') > runFolderName(new Date('2026-11-27T07:05:09Z'), 'ffffff')).toBe(true);
  });

  it('the first call of a run makes an absolute folder owned by this process and hands it on through LAB_REPORTS_DIR', () => {
    const root = scratch();
    const env: NodeJS.ProcessEnv = {};
    const dir = thisRunFolder(env, root);
    expect(dir.startsWith(resolve(root, 'runs'))).toBe(true);
    expect(env['LAB_REPORTS_DIR']).toBe(dir);
    expect(thisRunFolder(env, root)).toBe(dir);
    expect(readFileSync(join(dir, OWNER_FILE), 'utf8')).toBe(`${hostname()}:${process.pid}\n`);
    // Choosing is not claiming: a run that brings no lab up (the unit project alone) leaves latest alone.
    expect(existsSync(join(root, 'latest'))).toBe(false);
  });

  it('a run that brings a lab up claims its folder: latest points at it, a later command reads through it', () => {
    const root = scratch();
    const env: NodeJS.ProcessEnv = {};
    const dir = claimRunFolder(env, root);
    writeFileSync(join(dir, 'results.json'), '{"run":1}');
    expect(readFileSync(join(root, 'latest', 'results.json'), 'utf8')).toBe('{"run":1}');
    expect(lastRunFolder({})).toBe(join('reports', 'latest'));
    expect(lastRunFolder(env)).toBe(dir);
  });

  it('a second run moves latest to its own folder and leaves the first one whole', () => {
    const root = scratch();
    const first = claimRunFolder({}, root);
    writeFileSync(join(first, 'results.json'), 'first');
    const second = claimRunFolder({}, root);
    expect(second).not.toBe(first);
    expect(readlinkSync(join(root, 'latest'))).toBe(join('runs', second.split('/').pop()!));
    expect(readFileSync(join(first, 'results.json'), 'utf8')).toBe('first');
  });

  it('an explicit LAB_REPORTS_DIR is used as it is: no folder made under runs, no link, nothing pruned', () => {
    const root = scratch();
    expect(claimRunFolder({ LAB_REPORTS_DIR: '/somewhere/else' }, root)).toBe('/somewhere/else');
    expect(readdirSync(root)).toEqual([]);
  });

  it('keeps the newest finished runs and never removes the current one', () => {
    const runs = join(scratch(), 'runs');
    const dirs = finishedRuns(runs, 10, 10 + KEPT_RUNS + 3);
    const removed = pruneRuns(KEPT_RUNS, dirs[0]!, runs);
    expect(removed).toEqual(dirs.slice(1, 4));
    expect(readdirSync(runs)).toHaveLength(KEPT_RUNS);
    expect(existsSync(dirs[0]!)).toBe(true);
  });

  it('never removes a run whose owner still runs, or one younger than the floor, and removes the next oldest instead', () => {
    const runs = join(scratch(), 'runs');
    const dirs = finishedRuns(runs, 10, 10 + KEPT_RUNS + 2);
    writeFileSync(join(dirs[0]!, OWNER_FILE), `${hostname()}:${process.pid}\n`);
    utimesSync(dirs[1]!, Date.now() / 1000, Date.now() / 1000);
    // A dead owner (a pid no process has) does not protect its folder.
    writeFileSync(join(dirs[2]!, OWNER_FILE), `${hostname()}:2147483646\n`);
    for (const d of [dirs[0]!, dirs[2]!]) utimesSync(d, HOUR_AGO, HOUR_AGO);
    const removed = pruneRuns(KEPT_RUNS, join(runs, 'current'), runs);
    expect(removed).toEqual([dirs[2], dirs[3]]);
  });

  it('refuses to replace anything but a link at reports/latest', () => {
    const root = scratch();
    mkdirSync(join(root, 'latest'));
    mkdirSync(join(root, 'runs', 'x'), { recursive: true });
    expect(() => pointLatestAt(join(root, 'runs', 'x'), join(root, 'latest'))).toThrow(`${join(root, 'latest')} exists and is not the link to the latest run: move it away`);
  });
});
