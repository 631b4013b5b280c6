import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { currentOwner, parseOwner, processAlive } from './owner.ts';

describe('owners', () => {
  it('this process is host:pid, and parses back', () => {
    expect(currentOwner()).toBe(`${hostname()}:${process.pid}`);
    expect(parseOwner('build:box:4242')).toEqual({ host: 'build:box', pid: 4242 });
  });

  it('a running process is alive; one that exited is not, reaped or not yet (a zombie)', async () => {
    expect(processAlive(process.pid)).toBe(true);
    const child = spawn('sleep', ['0']);
    // Exited: whether Node has reaped it yet (else a zombie) or not, it does not count.
    await new Promise((r) => setTimeout(r, 200));
    expect(processAlive(child.pid!)).toBe(false);
    await new Promise((r) => (child.exitCode === null ? child.on('exit', r) : r(undefined)));
    expect(processAlive(child.pid!)).toBe(false);
  });
});
