// The running lab, for scenario files: opened from the session's state file,
// so it is the lab as the previous scenario file left it. Each test's outcome
// is saved as it finishes, for the run's results and a baseline comparison.
import { basename } from 'node:path';
import { beforeEach, inject } from 'vitest';
import { Lab } from '../helpers/lab/lab.ts';
import { LabStateStore } from '../helpers/lab/state-store.ts';
import { recordOutcome } from '../helpers/report/outcomes.ts';

export function useLab(): Lab {
  const startError = inject('labStartError');
  if (startError) throw new Error(`the lab did not start, so no scenario can run: ${startError}`);
  beforeEach(({ task, onTestFinished }) => {
    onTestFinished(async () => {
      const names: string[] = [task.name];
      for (let suite = task.suite; suite?.name; suite = suite.suite) names.unshift(suite.name);
      const state = task.result?.state;
      const outcome = state === 'pass' ? 'pass' : state === 'skip' || state === 'todo' ? 'skip' : 'fail';
      await recordOutcome([basename(task.file.name, '.test.ts'), ...names].join(' > '), outcome);
    });
  });
  return Lab.open(new LabStateStore(inject('labStateFile')));
}
