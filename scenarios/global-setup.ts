// Vitest global setup of the `lab` project: one lab session for all scenario
// files. The files open the lab from its state file (scenarios/use-lab.ts), so
// a change one file makes is what the next one sees. LAB_KEEP=1 keeps it running.
// With a baseline (LAB_BASELINE, or baselines/<spec>-<provider>.json), the run's
// results are compared with it at the end and a regression fails the run.
import type { TestProject } from 'vitest/node';
import { LabSession } from '../helpers/lab/session.ts';
import { baselineOfThisRun, reportAgainstBaseline } from '../helpers/lab/baseline.ts';
import { settingsProblems } from '../helpers/lab/preflight.ts';
import { thisRunFolder } from '../helpers/report/run-folder.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    labStateFile: string;
    /** Why the lab did not start ('' when it did): every scenario file fails with it, the other projects still run. */
    labStartError: string;
  }
}

const log = (line: string) => console.log(`[lab] ${line}`);

export default async function setup(project: TestProject) {
  // A mistyped setting, or a LAB_BASELINE that names no file: one line each, nothing started, no stack trace.
  const problems = settingsProblems();
  const baseline = await baselineOfThisRun().catch((error: Error) => {
    problems.push(error.message);
    return undefined;
  });
  const refuse = (why: string) => {
    console.error(`[lab] error: ${why}`);
    project.provide('labStartError', why);
    project.provide('labStateFile', '');
  };
  if (problems.length > 0) return refuse(problems.join('; '));
  let session: LabSession;
  try {
    session = await LabSession.start({ log });
  } catch (error) {
    // Docker down, a spec problem...: the session removed what it had made; the unit project still runs.
    return refuse((error as Error).message);
  }
  const { spec } = session.lab;
  project.provide('labStateFile', session.stateFile);
  project.provide('labStartError', '');
  return async () => {
    await session.stop({ failed: project.vitest.state.getCountOfFailedTests() > 0, keep: process.env['LAB_KEEP'] === '1' });
    if (!baseline) return;
    const regressions = await reportAgainstBaseline(spec, baseline, log);
    // The run fails without a stack trace: the table above says what regressed.
    if (regressions > 0) {
      console.error(`[lab] FAILED: ${regressions} regression(s) against the baseline ${baseline} (table above, and in ${thisRunFolder()}/summary.md)`);
      process.exitCode = 1;
    }
  };
}
