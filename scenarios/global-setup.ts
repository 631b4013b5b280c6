// Vitest global setup of the `lab` project: one lab session for all scenario
// files. The files open the lab from its state file (scenarios/use-lab.ts), so
// a change one file makes is what the next one sees. LAB_KEEP=1 keeps it running.
import type { TestProject } from 'vitest/node';
import { LabSession } from '../helpers/lab/session.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    labStateFile: string;
  }
}

export default async function setup(project: TestProject) {
  const session = await LabSession.start({ log: (line) => console.log(`[lab] ${line}`) });
  project.provide('labStateFile', session.stateFile);
  return () => session.stop({ failed: project.vitest.state.getCountOfFailedTests() > 0, keep: process.env['LAB_KEEP'] === '1' });
}
