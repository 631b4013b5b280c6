// How long each test file took, read from a JUnit report (vitest writes one
// <testsuite> per file, its `time` in seconds): the bench prints them so a
// scenario's cost is a number, not an impression. Pure.

export interface FileDuration {
  readonly file: string;
  readonly ms: number;
}

export function fileDurations(junitXml: string): FileDuration[] {
  const out: FileDuration[] = [];
  for (const [tag] of junitXml.matchAll(/<testsuite\b[^>]*>/g)) {
    const file = /\sname="([^"]*)"/.exec(tag)?.[1];
    const seconds = Number(/\stime="([^"]*)"/.exec(tag)?.[1]);
    if (file === undefined || !Number.isFinite(seconds)) throw new Error(`JUnit report: a <testsuite> without a name or a numeric time: ${tag.slice(0, 200)}`);
    out.push({ file, ms: Math.round(seconds * 1000) });
  }
  return out;
}
