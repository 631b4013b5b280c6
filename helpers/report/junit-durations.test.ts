import { describe, expect, it } from 'vitest';
import { fileDurations, labPaths } from './junit-durations.ts';

// The opening of a real lab-project JUnit report (vitest 5), its test cases cut.
const RECORDED = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="3" failures="1" errors="0" time="29.44">
    <testsuite name="scenarios/04-cluster-failover.test.ts" timestamp="2026-11-27T07:27:03.229Z" hostname="vm" tests="2" failures="0" errors="0" skipped="0" time="21.760546947">
    </testsuite>
    <testsuite name="scenarios/05-cluster-recovery.test.ts" timestamp="2026-11-27T07:27:03.232Z" hostname="vm" tests="1" failures="1" errors="0" skipped="0" time="7.17910505">
    </testsuite>
</testsuites>`;

describe('fileDurations', () => {
  it('reads each file and its time from the <testsuite> elements, not the <testsuites> total', () => {
    expect(fileDurations(RECORDED)).toEqual([
      { file: 'scenarios/04-cluster-failover.test.ts', ms: 21761 },
      { file: 'scenarios/05-cluster-recovery.test.ts', ms: 7179 },
    ]);
  });

  it('an empty report (the run did not write one) has no files', () => {
    expect(fileDurations('')).toEqual([]);
  });

  it('says which element it could not read', () => {
    expect(() => fileDurations('<testsuite name="a.test.ts" time="soon">')).toThrow('a <testsuite> without a name or a numeric time: <testsuite name="a.test.ts" time="soon">');
  });
});

describe('each lab\'s path through its files', () => {
  it('is the slowest own-lab file or the shared files in a row for a split lab, and the files in a row otherwise', () => {
    const files = [
      { file: 'lab scenarios/00-a.test.ts', ms: 1000 },
      { file: 'lab scenarios/01-b.test.ts', ms: 2000 },
      { file: 'lab scenarios/04-own.test.ts', ms: 20_000 },
      { file: 'lab scenarios/06-own.test.ts', ms: 8000 },
      { file: 'lab:etp-local scenarios/01-b.test.ts', ms: 2000 },
      { file: 'lab:etp-local scenarios/04-own.test.ts', ms: 21_000 },
      { file: 'unit helpers/x.test.ts', ms: 5 },
    ];
    const paths = labPaths(files, (lab, file) => lab === 'lab' && file.includes('own'));
    expect(paths.lab).toBe(20_000);
    expect(paths['lab:etp-local'], 'a shape runs its files in a row on its one lab').toBe(23_000);
    expect(Object.keys(paths), 'labs only').toEqual(['lab', 'lab:etp-local']);
  });
});
