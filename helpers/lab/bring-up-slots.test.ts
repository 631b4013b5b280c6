import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeBringUpSlot } from './bring-up-slots.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'slots-'));

describe('bring-up slots', () => {
  it('gives out as many slots as there are, and the next one when a slot is released', async () => {
    const dir = fresh();
    const a = await takeBringUpSlot({ slots: 2, dir, pollMs: 5 });
    const b = await takeBringUpSlot({ slots: 2, dir, pollMs: 5 });
    let third = false;
    const c = takeBringUpSlot({ slots: 2, dir, pollMs: 5 }).then((release) => ((third = true), release));
    await new Promise((r) => setTimeout(r, 50));
    expect(third, 'a third bring-up waits while two run').toBe(false);
    a();
    (await c)();
    expect(third).toBe(true);
    b();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('gives a freed slot to a bring-up wanted now before one wanted later, whichever asked first', async () => {
    const dir = fresh();
    const running = await takeBringUpSlot({ slots: 1, dir, pollMs: 5 });
    const order: string[] = [];
    const later = takeBringUpSlot({ urgency: 'later', slots: 1, dir, pollMs: 5 }).then((release) => (order.push('later'), release));
    await new Promise((r) => setTimeout(r, 20));
    const now = takeBringUpSlot({ urgency: 'now', slots: 1, dir, pollMs: 5 }).then((release) => (order.push('now'), release));
    await new Promise((r) => setTimeout(r, 20));
    running();
    (await now)();
    (await later)();
    expect(order).toEqual(['now', 'later']);
    expect(readdirSync(dir), 'no slot and no waiting mark left').toEqual([]);
  });

  it('does not hold a later bring-up back for a waiting mark whose process is gone', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'waiting-2147483646-dead'), `${process.env['HOSTNAME'] ?? 'h'}:2147483646`);
    (await takeBringUpSlot({ urgency: 'later', slots: 1, dir, pollMs: 5 }))();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('frees a slot whose owner process is gone (a killed run)', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'slot-0'), `${process.env['HOSTNAME'] ?? 'h'}:2147483646`);
    const release = await takeBringUpSlot({ slots: 1, dir, pollMs: 5 });
    release();
  });
});
