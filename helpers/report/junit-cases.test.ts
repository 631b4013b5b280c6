import { describe, expect, it } from 'vitest';
import { testCaseOutcomes } from './junit-cases.ts';

// The shape of vitest 5's junit reporter output (one passing, one failing, one skipped case).
const REPORT = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="3" failures="1" errors="0" time="1.5">
    <testsuite name="scenarios/02-vip-ecmp.test.ts" timestamp="2026-12-07T11:01:17.574Z" hostname="vm" tests="3" failures="1" errors="0" skipped="1" time="1.4">
        <testcase classname="scenarios/02-vip-ecmp.test.ts" name="VIP 172.30.0.10 on the router &gt; is in the BGP table" time="0.36">
        </testcase>
        <testcase classname="scenarios/02-vip-ecmp.test.ts" name="VIP 172.30.0.10 on the router &gt; is in the kernel &amp; FIB" time="0.2">
            <failure message="expected 3 to be 4" type="AssertionError">AssertionError: expected 3 to be 4</failure>
        </testcase>
        <testcase classname="scenarios/02-vip-ecmp.test.ts" name="skipped one" time="0">
            <skipped/>
        </testcase>
    </testsuite>
</testsuites>`;

describe('test cases of a JUnit report', () => {
  it('names each by file and test path, with its outcome', () => {
    expect(testCaseOutcomes(REPORT)).toEqual([
      { name: 'scenarios/02-vip-ecmp.test.ts > VIP 172.30.0.10 on the router > is in the BGP table', passed: true, skipped: false },
      { name: 'scenarios/02-vip-ecmp.test.ts > VIP 172.30.0.10 on the router > is in the kernel & FIB', passed: false, skipped: false },
      { name: 'scenarios/02-vip-ecmp.test.ts > skipped one', passed: false, skipped: true },
    ]);
  });

  it('finds nothing in a report without cases', () => {
    expect(testCaseOutcomes('<testsuites></testsuites>')).toEqual([]);
  });
});
