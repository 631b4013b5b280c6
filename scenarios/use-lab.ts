// The running lab, for scenario files. useLab(): the project's lab, brought up
// by the global setup and opened from its state file, so it is the lab as the
// previous scenario file left it. useOwnLab(): a file that changes its lab
// (deletes a cluster, restarts speakers, adds a rogue) gets a fresh copy of its
// own when the project runs labs side by side (lab/lab-projects.ts),
// removed when the file ends; otherwise it is the project's lab too. Each
// test's outcome is saved as it finishes, for the run's results and a
// baseline comparison.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeEach, expect, inject } from 'vitest';
import { Lab } from '../helpers/lab/lab.ts';
import { LabSession } from '../helpers/lab/session.ts';
import { waitUntilConverged } from '../helpers/lab/readiness.ts';
import { LabStateStore, STATE_DIR } from '../helpers/lab/state-store.ts';
import { recordOutcome } from '../helpers/report/outcomes.ts';

/** Where the global setup says why the project's lab did not start. */
export function startErrorFile(stateFile: string): string {
  return `${stateFile}.start-error`;
}

const log = (line: string) => console.log(`[lab] ${line}`);

function thisFile(): string {
  return basename(expect.getState().testPath ?? 'scenario', '.test.ts');
}

function recordOutcomes(): void {
  beforeEach(({ task, onTestFinished }) => {
    onTestFinished(async () => {
      const names: string[] = [task.name];
      for (let suite = task.suite; suite?.name; suite = suite.suite) names.unshift(suite.name);
      const state = task.result?.state;
      const outcome = state === 'pass' ? 'pass' : state === 'skip' || state === 'todo' ? 'skip' : 'fail';
      await recordOutcome([basename(task.file.name, '.test.ts'), ...names].join(' > '), outcome);
    });
  });
}

function refusedRun(): void {
  const startError = inject('labStartError');
  if (startError) throw new Error(`the lab did not start, so no scenario can run: ${startError}`);
}

/** The project's lab, once its bring-up (started by the global setup) is done. */
export async function useLab(): Promise<Lab> {
  refusedRun();
  recordOutcomes();
  const stateFile = inject('labStateFile');
  const errorFile = startErrorFile(stateFile);
  // The bring-up's own waits end it long before this; the bound only keeps a lost setup from hanging the file.
  const budgetMs = inject('labStartBudgetMs');
  const deadline = Date.now() + budgetMs;
  for (;;) {
    if (existsSync(stateFile)) return Lab.open(new LabStateStore(stateFile));
    const why = existsSync(errorFile) ? readFileSync(errorFile, 'utf8') : '';
    if (why) throw new Error(`the lab did not start, so no scenario can run: ${why}`);
    if (Date.now() > deadline) throw new Error(`the lab did not come up: ${stateFile} was not written within ${budgetMs} ms and the global setup reported no error`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A lab of this file's own (a fresh copy, side by side with the others), or the project's lab when labs run one at a time. */
export async function useOwnLab(): Promise<Lab> {
  if (process.env['LAB_SPLIT'] !== '1') return useLab();
  refusedRun();
  recordOutcomes();
  const file = thisFile();
  const reportsDir = join(process.env['LAB_REPORTS_DIR'] ?? 'reports', 'labs', file);
  const store = new LabStateStore(join(STATE_DIR, 'labs', `${file}-${randomBytes(3).toString('hex')}.json`));
  const session = await LabSession.start({
    log: (line) => log(`${file}: ${line}`), specPath: process.env['LAB_SPEC'], store, reports: false, reportsDir, sideBySide: true,
  });
  afterAll(async ({}, suite) => {
    await session.stop({ failed: anyFailed(suite) });
  });
  // A fresh lab is measured from converged, as the shared one is by the files before (GoBGP 3.10 waits a connect retry first).
  await waitUntilConverged(session.lab);
  return session.lab;
}

/** Whether a task (a file, a suite, a test) or any task inside it failed: that lab's diagnostics are worth collecting. */
export function anyFailed(task: { readonly result?: { readonly state?: string }; readonly tasks?: readonly unknown[] }): boolean {
  return task.result?.state === 'fail' || (task.tasks ?? []).some((t) => anyFailed(t as Parameters<typeof anyFailed>[0]));
}
