// The timeline reporter's file: each test file's queue, start and end, named
// "<project> <path>", written when the run ends.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestModule } from 'vitest/node';
import TimelineReporter from './timeline-reporter.ts';
import { parseSuiteTimeline, timelineFigures } from './suite-timeline.ts';

const mod = (project: string, path: string) => ({ project: { name: project }, relativeModuleId: path }) as unknown as TestModule;

describe('TimelineReporter', () => {
  it('writes every file\'s span to LAB_TIMELINE_FILE, in a form suite-timeline reads', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'timeline-')), 'timeline.json');
    process.env['LAB_TIMELINE_FILE'] = out;
    try {
      const reporter = new TimelineReporter();
      const a = mod('lab', 'scenarios/04-cluster-failover.test.ts');
      reporter.onTestModuleQueued(a);
      reporter.onTestModuleStart(a);
      await new Promise((r) => setTimeout(r, 20));
      reporter.onTestModuleEnd(a);
      reporter.onTestRunEnd();
    } finally {
      delete process.env['LAB_TIMELINE_FILE'];
    }
    const figures = timelineFigures(parseSuiteTimeline(readFileSync(out, 'utf8')));
    expect(Object.keys(figures.fileMs)).toEqual(['lab scenarios/04-cluster-failover.test.ts']);
    expect(figures.fileMs['lab scenarios/04-cluster-failover.test.ts']).toBeGreaterThanOrEqual(19);
    expect(figures.lastFile.file).toBe('lab scenarios/04-cluster-failover.test.ts');
  });
});
