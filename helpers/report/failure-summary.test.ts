import { describe, expect, it } from 'vitest';
import { failureSummary } from './failure-summary.ts';

// The shape of vitest 5's junit reporter output.
const JUNIT = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="2" failures="1" errors="0">
  <testsuite name="scenarios/02-vip-ecmp.test.ts" tests="2" failures="1">
    <testcase classname="scenarios/02-vip-ecmp.test.ts" name="VIP 172.30.0.10 on the router &gt; is in the BGP table" time="30.1">
      <failure message="BGP paths of 172.30.0.10/32 after 30001 ms: expected [ …(4) ] to deeply equal [ …(2) ]" type="AssertionError">
AssertionError: BGP paths of 172.30.0.10/32 after 30001 ms
      </failure>
    </testcase>
    <testcase classname="scenarios/02-vip-ecmp.test.ts" name="agrees with zebra" time="0.2">
    </testcase>
  </testsuite>
</testsuites>`;

describe('failureSummary', () => {
  it('names each failed test with the start of its message, and every bring-up step that failed', () => {
    const log = '\x1b[31mError: cluster kind02: install Cilium 1.20.2 in kind02 failed: host: `helm upgrade` expected exit code 0\x1b[0m\nok line\n';
    expect(failureSummary(JUNIT, log)).toBe([
      '### What failed',
      '- **VIP 172.30.0.10 on the router > is in the BGP table**',
      '  BGP paths of 172.30.0.10/32 after 30001 ms: expected [ …(4) ] to deeply equal [ …(2) ]',
      '- bring-up: Error: cluster kind02: install Cilium 1.20.2 in kind02 failed: host: `helm upgrade` expected exit code 0',
    ].join('\n'));
  });

  it('says so when nothing failed', () => {
    expect(failureSummary(JUNIT.replace(/<failure[\s\S]*?<\/failure>/, ''), '')).toBe('### No failure recorded');
  });
});
