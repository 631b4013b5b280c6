// Vitest global setup of the `lab` project: brings the lab up once, hands its
// state to the scenario files, and takes it down after them (on success and
// failure; Ctrl-C goes through signals.ts). LAB_KEEP=1 keeps it running.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import type { LabState } from '../helpers/spec/state.ts';
import { STATE_DIR, STATE_FILE } from '../helpers/spec/state.ts';
import { loadSpec } from '../helpers/spec/load-spec.ts';
import { startLab, stopLab } from '../helpers/lab/start.ts';
import { cleanupOnSignals } from '../helpers/lab/signals.ts';
import { providerByName } from '../helpers/providers/registry.ts';
import { Lab } from '../helpers/lab/lab.ts';
import { labVersions } from '../helpers/lab/versions.ts';
import { MEASUREMENTS_DIR } from '../helpers/report/measurements.ts';
import { runMeta, saveMeta, writeReports } from '../helpers/report/write-reports.ts';
import { collectDiagnostics } from '../helpers/lab/diagnostics.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    lab: LabState;
  }
}

const log = (line: string) => console.log(`[lab] ${line}`);

export default async function setup(project: TestProject) {
  const startedAt = new Date();
  await rm(MEASUREMENTS_DIR, { recursive: true, force: true });
  const spec = await loadSpec();
  const provider = providerByName();
  let session: string | undefined;
  const removeHandlers = cleanupOnSignals(() => session, log);
  const state = await startLab(spec, { provider, log, onSession: (s) => (session = s) });
  try {
    await mkdir(STATE_DIR, { recursive: true });
    await writeFile(STATE_FILE, JSON.stringify(state, null, 2));
    project.provide('lab', state);
    await saveMeta(runMeta(state, await labVersions(new Lab(state)), startedAt));
  } catch (error) {
    // No teardown is registered yet: remove the lab here, or it would outlive the run.
    await stopLab(state, provider).catch(() => {});
    throw error;
  }
  return async () => {
    removeHandlers();
    const files = await writeReports().catch((error: Error) => [`(reports failed: ${error.message})`]);
    log(`reports: ${files.join(', ')} in reports/`);
    if (project.vitest.state.getCountOfFailedTests() > 0) {
      const written = await collectDiagnostics(new Lab(state), 'reports/diagnostics').catch(() => []);
      log(`a scenario failed: ${written.length} diagnostics files in reports/diagnostics`);
    }
    if (process.env['LAB_KEEP'] === '1') {
      log(`LAB_KEEP=1: lab session ${state.session} left running (npm run lab -- down removes it)`);
      return;
    }
    await stopLab(state, provider);
    log(`lab session ${state.session} removed`);
  };
}
