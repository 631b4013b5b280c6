// Which labs a suite run brings up, and which run their files side by side.
import { describe, expect, it } from 'vitest';
import { BUNDLED_SHAPES, labProjects, labsAtOnce, startsFirst } from './lab-projects.ts';

const twoAtOnce = { labsAtOnce: () => 2 };
const oneAtOnce = { labsAtOnce: () => 1 };

describe('labProjects', () => {
  it('runs the lab under test and every bundled shape, each split, when labs run side by side', () => {
    const projects = labProjects(twoAtOnce, '/r', {});
    expect(projects.map((p) => p.name)).toEqual(['lab', ...Object.keys(BUNDLED_SHAPES).map((s) => `lab:${s}`)]);
    // Vitest runs every project without file parallelism after all the others, one file at a time.
    expect(projects.every((p) => p.split)).toBe(true);
    expect(projects[1]).toMatchObject({ specPath: 'fixtures/labs/etp-local.ts', reportsDir: '/r/shapes/etp-local', files: BUNDLED_SHAPES['etp-local']!.files });
  });

  it('runs only the lab under test, its files in order on one lab, when one lab runs at a time', () => {
    expect(labProjects(oneAtOnce, '/r', {})).toEqual([{ name: 'lab', specPath: 'fixtures/reference-lab.ts', reportsDir: '/r', split: false }]);
  });

  it('runs only the named lab when LAB_SPEC is set, and no shape with LAB_SHAPES=0', () => {
    expect(labProjects(twoAtOnce, '/r', { LAB_SPEC: 'my-lab.ts' }).map((p) => [p.name, p.specPath])).toEqual([['lab', 'my-lab.ts']]);
    expect(labProjects(twoAtOnce, '/r', { LAB_SHAPES: '0' }).map((p) => p.name)).toEqual(['lab']);
  });
});

describe('labsAtOnce', () => {
  it('is what the provider says the host holds, lowered by LAB_LABS_AT_ONCE, never below one', () => {
    expect(labsAtOnce({ labsAtOnce: () => 3 }, {})).toBe(3);
    expect(labsAtOnce({ labsAtOnce: () => 3 }, { LAB_LABS_AT_ONCE: '1' })).toBe(1);
    expect(labsAtOnce({ labsAtOnce: () => 2 }, { LAB_LABS_AT_ONCE: '8' })).toBe(2);
    expect(labsAtOnce({ labsAtOnce: () => 0.4 }, {})).toBe(1);
  });
});

describe('startsFirst', () => {
  it('names the bundled shapes whose files go first, and nothing else', () => {
    expect(startsFirst('lab:long-restart')).toBe(true);
    expect(startsFirst('lab:etp-local')).toBe(false);
    expect(startsFirst('lab')).toBe(false);
    expect(startsFirst('lab:no-such-shape')).toBe(false);
  });
});
