// Where a suite run's time went, from the timeline its reporter wrote
// (report/timeline-reporter.ts): each file's time, each project's span from
// its first file's start to its last file's end, the run's start-up before
// any file ran, and the file that ended last. Measured, not estimated from
// durations: files wait for workers, for bring-up turns and for one another. Pure.
import type { FileSpan } from './timeline-reporter.ts';

export interface SuiteTimeline {
  readonly runMs: number;
  readonly files: readonly FileSpan[];
}

export interface TimelineFigures {
  /** From the run's start to its first file's start: Vitest, global setups, the first worker. */
  readonly startUpMs: number;
  /** Per file ("<project> <path>"): start to end. */
  readonly fileMs: Record<string, number>;
  /** Per project: its first file's start to its last file's end. */
  readonly projectSpanMs: Record<string, number>;
  /** The file that ended last, and when (ms since the run started). */
  readonly lastFile: { readonly file: string; readonly endMs: number };
}

export function parseSuiteTimeline(json: string): SuiteTimeline {
  const parsed = JSON.parse(json) as Partial<SuiteTimeline>;
  if (typeof parsed.runMs !== 'number' || !Array.isArray(parsed.files)) throw new Error(`suite timeline: expected { runMs: number, files: [...] }, got keys ${Object.keys(parsed).join(', ') || 'none'}`);
  for (const f of parsed.files) {
    if (typeof f.file !== 'string' || ![f.queuedMs, f.startMs, f.endMs].every((n) => typeof n === 'number')) throw new Error(`suite timeline: a file entry without file, queuedMs, startMs and endMs: ${JSON.stringify(f).slice(0, 200)}`);
  }
  return parsed as SuiteTimeline;
}

export function timelineFigures(t: SuiteTimeline): TimelineFigures {
  if (t.files.length === 0) throw new Error('suite timeline: no file ran');
  const fileMs: Record<string, number> = {};
  const spans = new Map<string, { start: number; end: number }>();
  for (const f of t.files) {
    fileMs[f.file] = f.endMs - f.startMs;
    const project = f.file.slice(0, f.file.indexOf(' '));
    const span = spans.get(project);
    spans.set(project, { start: Math.min(span?.start ?? Infinity, f.startMs), end: Math.max(span?.end ?? -Infinity, f.endMs) });
  }
  const last = t.files.reduce((a, b) => (b.endMs > a.endMs ? b : a));
  return {
    startUpMs: Math.min(...t.files.map((f) => f.startMs)),
    fileMs,
    projectSpanMs: Object.fromEntries([...spans].map(([p, s]) => [p, s.end - s.start])),
    lastFile: { file: last.file, endMs: last.endMs },
  };
}
