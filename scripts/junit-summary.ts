// Prints the JUnit report's totals as one plain line, "Tests: N passed, N failed, N skipped",
// so a CI log says what ran whatever the reporter printed above it.
// Usage: node scripts/junit-summary.ts [reports/latest/junit.xml]
import { readFileSync } from 'node:fs';

const xml = readFileSync(process.argv[2] ?? 'reports/latest/junit.xml', 'utf8');
const cases = xml.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) ?? [];
const failed = cases.filter((c) => /<(failure|error)\b/.test(c)).length;
const skipped = cases.filter((c) => /<skipped\b/.test(c)).length;
console.log(`Tests: ${cases.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
if (cases.length === 0) {
  console.error('the JUnit report holds no test case: nothing ran');
  process.exit(1);
}
// A skipped test is not a passing one: CI does not count it as green.
if (skipped > 0) {
  console.error(`${skipped} test(s) were skipped; every scenario must run`);
  process.exit(1);
}
