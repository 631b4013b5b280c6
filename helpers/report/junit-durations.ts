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

/**
 * Each lab's path through its scenario files, from the per-file times of a suite run whose suites
 * are named "<project> <file>": a lab whose files take labs of their own (`ownLab(lab, file)`) lasts as
 * long as its slowest such file or its shared files in a row, whichever is longer; a lab whose
 * files share it runs them in a row. The run can end no sooner than its slowest lab.
 */
export function labPaths(files: readonly FileDuration[], ownLab: (lab: string, file: string) => boolean): Record<string, number> {
  const byLab = new Map<string, FileDuration[]>();
  for (const f of files) {
    const [project, path] = f.file.includes(' ') ? [f.file.slice(0, f.file.indexOf(' ')), f.file.slice(f.file.indexOf(' ') + 1)] : ['', f.file];
    if (!project.startsWith('lab')) continue;
    byLab.set(project, [...(byLab.get(project) ?? []), { file: path, ms: f.ms }]);
  }
  const out: Record<string, number> = {};
  for (const [lab, list] of byLab) {
    const own = list.filter((f) => ownLab(lab, f.file));
    const shared = list.filter((f) => !ownLab(lab, f.file)).reduce((sum, f) => sum + f.ms, 0);
    out[lab] = own.length > 0 ? Math.max(shared, ...own.map((f) => f.ms)) : shared;
  }
  return out;
}
