// Each test case of a JUnit report with its outcome, named "<file> > <test>"
// (vitest's classname is the file, its name the describe path and test). Pure.

export interface TestCaseOutcome {
  readonly name: string;
  readonly passed: boolean;
  readonly skipped: boolean;
}

const unescape = (text: string) => text.replaceAll('&gt;', '>').replaceAll('&lt;', '<').replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&amp;', '&');

export function testCaseOutcomes(junitXml: string): TestCaseOutcome[] {
  const cases = junitXml.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) ?? [];
  return cases.map((c) => {
    const tag = /^<testcase\b[^>]*>/.exec(c)![0];
    const attr = (name: string) => unescape(new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? '');
    const skipped = /<skipped\b/.test(c);
    return { name: `${attr('classname')} > ${attr('name')}`, passed: !skipped && !/<(failure|error)\b/.test(c), skipped };
  });
}
