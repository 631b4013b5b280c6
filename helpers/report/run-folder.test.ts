import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEPT_RUNS, lastRunFolder, pointLatestAt, pruneRuns, runFolderName, thisRunFolder } from './run-folder.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'run-folder-'));

describe('run folders', () => {
  it('are named by their UTC start, so they sort in order, with a random part', () => {
    expect(runFolderName(new Date('2026-11-27T07:05:09.123Z'), 'a1b2c3')).toBe('20261127-070509-a1b2c3');
    expect(runFolderName(new Date('2026-11-27T07:05:10Z'), '000000') > runFolderName(new Date('2026-11-27T07:05:09Z'), 'ffffff')).toBe(true);
  });

  it('the first call of a run makes a folder, points latest at it and hands it on through LAB_REPORTS_DIR', () => {
    const root = scratch();
    const env: NodeJS.ProcessEnv = {};
    const dir = thisRunFolder(env, root);
    expect(dir.startsWith(join(root, 'runs'))).toBe(true);
    expect(env['LAB_REPORTS_DIR']).toBe(dir);
    expect(thisRunFolder(env, root)).toBe(dir);
    writeFileSync(join(dir, 'results.json'), '{"run":1}');
    expect(readFileSync(join(root, 'latest', 'results.json'), 'utf8')).toBe('{"run":1}');
    // A later command (another process, no LAB_REPORTS_DIR) reads the last run through the link.
    expect(lastRunFolder({})).toBe(join('reports', 'latest'));
    expect(lastRunFolder(env)).toBe(dir);
  });

  it('a second run moves latest to its own folder and leaves the first one whole', () => {
    const root = scratch();
    const first = thisRunFolder({}, root);
    writeFileSync(join(first, 'results.json'), 'first');
    const second = thisRunFolder({}, root);
    expect(second).not.toBe(first);
    expect(readlinkSync(join(root, 'latest'))).toBe(join('runs', second.split('/').pop()!));
    expect(readFileSync(join(first, 'results.json'), 'utf8')).toBe('first');
  });

  it('an explicit LAB_REPORTS_DIR is used as it is: no folder made under runs, no link', () => {
    const root = scratch();
    expect(thisRunFolder({ LAB_REPORTS_DIR: '/somewhere/else' }, root)).toBe('/somewhere/else');
    expect(readdirSync(root)).toEqual([]);
  });

  it('keeps the newest runs and never removes the current one', () => {
    const root = scratch();
    const runs = join(root, 'runs');
    for (let i = 10; i < 10 + KEPT_RUNS + 3; i++) mkdirSync(join(runs, `20261127-0000${i}-aaaaaa`), { recursive: true });
    const current = join(runs, '20261127-000010-aaaaaa');
    const removed = pruneRuns(KEPT_RUNS, current, runs);
    expect(removed).toEqual([11, 12, 13].map((i) => join(runs, `20261127-0000${i}-aaaaaa`)));
    expect(readdirSync(runs)).toHaveLength(KEPT_RUNS);
    expect(readdirSync(runs)).toContain('20261127-000010-aaaaaa');
  });

  it('refuses to replace a real folder at reports/latest', () => {
    const root = scratch();
    mkdirSync(join(root, 'latest'));
    mkdirSync(join(root, 'runs', 'x'), { recursive: true });
    expect(() => pointLatestAt(join(root, 'runs', 'x'), join(root, 'latest'))).toThrow(`${join(root, 'latest')} is a folder, not the link to the latest run: move it away`);
  });
});
