import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import reference from '../../fixtures/reference-lab.ts';
import { placementOf } from '../model/placement.ts';
import { blockKeys, copyIsFree } from './placement-choice.ts';
import { takeOwnedFile } from '../exec/owned-file.ts';

describe('choosing a copy of the lab to run beside others', () => {
  const copy = (index: number) => placementOf(reference, index);

  it('takes a copy when nothing holds its name and no docker subnet overlaps it', () => {
    expect(copyIsFree(copy(0), new Set(), ['172.17.0.0/16'])).toBe(true);
    expect(copyIsFree(copy(1), new Set(['anycast']), []), 'another copy holds the written name').toBe(true);
  });

  it('refuses a copy whose name a session holds, or whose subnets docker already has', () => {
    expect(copyIsFree(copy(0), new Set(['anycast']), [])).toBe(false);
    expect(copyIsFree(copy(1), new Set(), ['10.129.0.0/16']), 'copy 1 needs 10.129.0.0/16').toBe(false);
    expect(copyIsFree(copy(0), new Set(), ['10.20.0.0/16']), 'the written subnet is taken by something else').toBe(false);
    expect(copyIsFree(copy(1), new Set(), ['10.128.0.0/9']), 'a larger block over it').toBe(false);
  });

  it('reserves a copy by the /16 blocks of its subnets, so two specs at one index collide on the blocks, not in docker', () => {
    expect(blockKeys(placementOf(reference, 0))).toEqual(['10.20.0.0-16', '172.20.0.0-16', '192.168.0.0-16']);
    expect(blockKeys(placementOf(reference, 1))).toEqual(['10.128.0.0-16', '10.129.0.0-16', '10.130.0.0-16']);
    expect(blockKeys(placementOf({ ...reference, name: 'other' }, 1))).toEqual(blockKeys(placementOf(reference, 1)));
  });
});

describe('owned files (bring-up slots, block reservations)', () => {
  it('are taken by one process at a time, and taken over from a process that is gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'owned-'));
    const path = join(dir, 'x');
    expect(takeOwnedFile(path)).toBe(true);
    expect(takeOwnedFile(path), 'held by this (live) process').toBe(false);
    expect(readdirSync(dir)).toEqual(['x']);
  });
});
