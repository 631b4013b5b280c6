import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeBringUpSlot } from './bring-up-slots.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'slots-'));

describe('bring-up slots', () => {
  it('gives out as many slots as there are, and the next one when a slot is released', async () => {
    const dir = fresh();
    const a = await takeBringUpSlot(2, dir, 5);
    const b = await takeBringUpSlot(2, dir, 5);
    let third = false;
    const c = takeBringUpSlot(2, dir, 5).then((release) => ((third = true), release));
    await new Promise((r) => setTimeout(r, 50));
    expect(third, 'a third bring-up waits while two run').toBe(false);
    a();
    (await c)();
    expect(third).toBe(true);
    b();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('frees a slot whose owner process is gone (a killed run)', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'slot-0'), `${process.env['HOSTNAME'] ?? 'h'}:2147483646`);
    const release = await takeBringUpSlot(1, dir, 5);
    release();
  });
});
