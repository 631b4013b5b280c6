import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSuiteTimeline, timelineFigures } from './suite-timeline.ts';

// A real npm test on 2 cores, four labs at once, written by report/timeline-reporter.ts.
const RECORDED = readFileSync('fixtures/recorded/vitest/suite-timeline-2-cores.json', 'utf8');

describe('timelineFigures', () => {
  it('reads where a recorded suite run spent its time', () => {
    const figures = timelineFigures(parseSuiteTimeline(RECORDED));
    expect(figures.startUpMs).toBe(6769);
    expect(figures.fileMs['lab:long-restart scenarios/04-cluster-failover.test.ts']).toBe(69239);
    // Its failover started 45 s into the run and ended at 114 s; the shape has no other file.
    expect(figures.projectSpanMs['lab:long-restart']).toBe(69239);
    expect(figures.projectSpanMs['docker']).toBe(161278 - 132776);
    expect(figures.lastFile).toEqual({ file: 'docker helpers/lab/start.docker.test.ts', endMs: 161278 });
  });

  it('refuses a file that is not a timeline, naming what it has', () => {
    expect(() => parseSuiteTimeline('{"spans": []}')).toThrow('suite timeline: expected { runMs: number, files: [...] }, got keys spans');
    expect(() => parseSuiteTimeline('{"runMs": 1, "files": [{"file": "a"}]}')).toThrow('a file entry without file, queuedMs, startMs and endMs: {"file":"a"}');
    expect(() => timelineFigures({ runMs: 1, files: [] })).toThrow('no file ran');
  });
});
