// Vitest global setup of each lab project (lab/lab-projects.ts): the
// project's lab session. Its bring-up runs in the background, so the labs of
// all projects, and the files that bring up labs of their own, come up at
// once; scenario files wait for it (scenarios/use-lab.ts) and open the lab from
// its state file, so a change one file makes is what the next one sees.
// LAB_KEEP=1 keeps the lab under test running. With a baseline (LAB_BASELINE,
// or baselines/<spec>-<provider>.json), the project's results are compared
// with it at the end and a regression fails the run.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { clearRunResults, LabSession } from '../helpers/lab/session.ts';
import { baselineOfLab, reportAgainstBaseline } from '../helpers/lab/baseline.ts';
import { settingsProblems } from '../helpers/lab/preflight.ts';
import { LabStateStore, STATE_DIR, STATE_FILE } from '../helpers/lab/state-store.ts';
import { claimRunFolder } from '../helpers/report/run-folder.ts';
import { loadSpec } from '../helpers/model/load-spec.ts';
import { IMAGE_NAMES } from '../helpers/model/state.ts';
import { ensureLabImages } from '../helpers/docker/images.ts';
import { assertDockerReachable } from '../helpers/docker/prerequisites.ts';
import { anyFailed, startErrorFile } from './use-lab.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the project's lab writes its state once it is up (startErrorFile(it) says why it did not start). */
    labStateFile: string;
    /** Why the run cannot start any lab ('' when it can): every scenario file fails with it, the other projects still run. */
    labStartError: string;
    /** How long a scenario file waits for the project's lab at most (the provider's scenario timeout). */
    labStartBudgetMs: number;
  }
}

export default async function setup(project: TestProject) {
  const env = project.config.env as Record<string, string | undefined>;
  const underTest = project.name === 'lab';
  const log = (line: string) => console.log(`[${project.name}] ${line}`);
  const refuse = (why: string) => {
    console.error(`[${project.name}] error: ${why}`);
    project.provide('labStartError', why);
    project.provide('labStateFile', '');
    project.provide('labStartBudgetMs', 0);
  };
  // A mistyped setting, or a LAB_BASELINE that names no file: one line each, nothing started, no stack trace.
  const problems = settingsProblems();
  let baseline: string | undefined;
  try {
    const spec = await loadSpec(env['LAB_SPEC']);
    // An explicit LAB_BASELINE is the lab under test's; a shape compares with its own file when there is one.
    baseline = baselineOfLab(spec.name, underTest ? process.env : {});
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) return refuse(problems.join('; '));

  // The lab under test's run folder becomes reports/latest; a shape's folder lies inside it.
  const runDir = claimRunFolder();
  const reportsDir = env['LAB_REPORTS_DIR'] ?? runDir;
  await clearRunResults(reportsDir);
  // A state file per run and project: two suite runs in one directory never read each other's lab.
  const stateFile = join(STATE_DIR, 'runs', basename(runDir), `${project.name.replace(/[^a-z0-9-]/gi, '-')}.json`);
  const store = new LabStateStore(stateFile);
  store.remove();
  const errorFile = startErrorFile(stateFile);
  mkdirSync(dirname(errorFile), { recursive: true });
  writeFileSync(errorFile, '');
  // Every image once, before any lab of this run starts: the labs of all projects and the scenario
  // files' own labs come up at once, and would otherwise each build what is missing.
  try {
    await assertDockerReachable();
    await ensureLabImages(log, IMAGE_NAMES);
  } catch (error) {
    return refuse((error as Error).message);
  }
  // Split, the project's read-only files run after those with labs of their own (vitest.config.ts): their
  // bring-ups go first. One lab for every file: its first file waits for it.
  const urgency = env['LAB_SPLIT'] === '1' ? 'later' : 'now';
  const starting = LabSession.start({ log, specPath: env['LAB_SPEC'], store, reportsDir, sideBySide: true, urgency }).then(
    (session) => session,
    (error: Error) => {
      // Docker down, a spec problem...: the session removed what it had made; the scenario files say why.
      console.error(`[${project.name}] error: ${error.message}`);
      writeFileSync(errorFile, error.message || String(error));
      return undefined;
    },
  );
  project.provide('labStateFile', stateFile);
  project.provide('labStartError', '');
  project.provide('labStartBudgetMs', project.config.hookTimeout);
  return async () => {
    const session = await starting;
    if (!session) return;
    const { spec } = session.lab;
    const keep = underTest && process.env['LAB_KEEP'] === '1';
    await session.stop({ failed: projectFailed(project), keep });
    // A kept lab is the CLI's to show and take down (`npm run lab -- status`, `down`): its state goes where they look.
    if (keep) copyFileSync(stateFile, STATE_FILE);
    rmSync(errorFile, { force: true });
    if (!baseline) return;
    const regressions = await reportAgainstBaseline(spec, baseline, log, reportsDir);
    // The run fails without a stack trace: the table above says what regressed.
    if (regressions > 0) {
      console.error(`[${project.name}] FAILED: ${regressions} regression(s) against the baseline ${baseline} (table above, and in ${reportsDir}/summary.md)`);
      process.exitCode = 1;
    }
  };
}

/** Whether a test of this project failed (another project's failure is not this lab's to diagnose). */
function projectFailed(project: TestProject): boolean {
  return project.vitest.state.getFiles().some((file) => file.projectName === project.name && anyFailed(file));
}
