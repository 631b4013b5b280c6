// The ECMP wait ends as soon as the router's own config explains a short route
// (its causes come from Router.whyNotEcmp, pinned on recorded FRR configs in
// routers/frr/why-not-ecmp.test.ts), and only then: a route that is still
// converging is waited for.
import { describe, expect, it } from 'vitest';
import type { Lab } from './lab.ts';
import { untilEcmpOrExplained } from './readiness.ts';

/** A lab whose router explains a short route with `causes`, and whose route reads give `hops` in turn. */
function fakeLab(causes: string[]): { lab: Lab; asked: number[] } {
  const asked: number[] = [];
  const lab = { vipPrefix: '172.30.0.10/32', router: { whyNotEcmp: async (_prefix: string, expected: number) => (asked.push(expected), causes) } } as unknown as Lab;
  return { lab, asked };
}

function reads(...counts: number[]): () => Promise<number> {
  let i = 0;
  return async () => counts[Math.min(i++, counts.length - 1)]!;
}

describe('untilEcmpOrExplained', () => {
  it('stops at once, not met, with the router\'s cause, when its config caps the route', async () => {
    const { lab, asked } = fakeLab(["the router's `maximum-paths 2` caps the route at 2 next hops, the lab expects 4"]);
    const started = Date.now();
    const seen = await untilEcmpOrExplained(lab, 4, reads(2), (n) => n === 4);
    expect(seen.met).toBe(false);
    expect(seen.causes).toEqual(["the router's `maximum-paths 2` caps the route at 2 next hops, the lab expects 4"]);
    expect(asked).toEqual([4]);
    expect(Date.now() - started, 'ended on the cause, not on the 30 s budget').toBeLessThan(5000);
  });

  it('waits for a route that is still converging when the config explains nothing', async () => {
    const { lab } = fakeLab([]);
    const seen = await untilEcmpOrExplained(lab, 4, reads(1, 2, 4), (n) => n === 4);
    expect(seen).toMatchObject({ met: true, value: 4, causes: [] });
  });

  it('does not ask the router once the route is whole', async () => {
    const { lab, asked } = fakeLab(['a cause that must not be read']);
    const seen = await untilEcmpOrExplained(lab, 4, reads(4), (n) => n === 4);
    expect(seen).toMatchObject({ met: true, causes: [] });
    expect(asked).toEqual([]);
  });
});
