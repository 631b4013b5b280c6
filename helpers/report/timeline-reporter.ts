// A Vitest reporter that writes when each test file was queued, started and
// ended (wall clock, ms since the run started) to LAB_TIMELINE_FILE: the bench
// reads it to show where a suite run's time goes (files waiting for a worker,
// bring-ups, the slowest lab), measured rather than estimated from durations.
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export interface FileSpan {
  readonly file: string;
  readonly queuedMs: number;
  readonly startMs: number;
  readonly endMs: number;
}

export default class TimelineReporter implements Reporter {
  private readonly began = Date.now();
  private readonly queued = new Map<string, number>();
  private readonly started = new Map<string, number>();
  private readonly spans: FileSpan[] = [];

  private key(m: TestModule): string {
    return `${m.project.name} ${m.relativeModuleId}`;
  }

  onTestModuleQueued(m: TestModule): void {
    this.queued.set(this.key(m), Date.now() - this.began);
  }

  onTestModuleStart(m: TestModule): void {
    this.started.set(this.key(m), Date.now() - this.began);
  }

  onTestModuleEnd(m: TestModule): void {
    const file = this.key(m);
    const startMs = this.started.get(file) ?? this.queued.get(file) ?? 0;
    this.spans.push({ file, queuedMs: this.queued.get(file) ?? startMs, startMs, endMs: Date.now() - this.began });
  }

  onTestRunEnd(): void {
    const out = process.env['LAB_TIMELINE_FILE'];
    if (out) writeFileSync(out, JSON.stringify({ runMs: Date.now() - this.began, files: this.spans }, null, 2));
  }
}
