import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { providerByName } from './helpers/providers/registry.ts';
import { thisRunFolder } from './helpers/report/run-folder.ts';
import { labProjects, labsAtOnce, startsFirst } from './helpers/lab/lab-projects.ts';

/**
 * Scenario files run in file-name order within a lab (the failover scenario deletes a cluster, so
 * it comes late). Files that bring up labs of their own start first (the scenario files that change
 * their lab, and the docker project's, which start and kill labs): they hold the longest waits
 * (graceful-restart timers, rolling upgrades). Among those, the longest go first, so the run does
 * not end waiting for one long file started last: a shape that says it is long (lab-projects.ts
 * startsFirst), then by the time the file took in Vitest's own record of the previous run, when
 * there is one. Then the unit files, short and CPU-bound; the shared labs' read-only files last,
 * their labs coming up while the rest runs. (Measured: with the docker files after the unit files,
 * the 30 s killed-run test started at 119 s and ended the run at 149 s.)
 */
class LongestOwnLabFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ownLab = (f: TestSpecification) => f.project.name === 'docker' || (f.project.config.env?.['LAB_SPLIT'] === '1' && /\buseOwnLab\(/.test(readFileSync(f.moduleId, 'utf8')));
    const tier = (f: TestSpecification) => (ownLab(f) ? 0 : f.project.name === 'unit' ? 1 : 2);
    const first = (f: TestSpecification) => (tier(f) === 0 && startsFirst(f.project.name) ? 0 : 1);
    const lastMs = (f: TestSpecification) => (tier(f) === 0 ? this.ctx.cache.getTestSpecificationResult(f)?.duration ?? 0 : 0);
    return [...files].sort((a, b) => tier(a) - tier(b) || first(a) - first(b) || lastMs(b) - lastMs(a) || a.moduleId.localeCompare(b.moduleId) || a.project.name.localeCompare(b.project.name));
  }
}

// The chosen cluster provider says how long its scenarios may take (a real cluster is recreated in minutes).
const provider = providerByName();
const scenarioTimeoutMs = provider.scenarioTimeoutMs;
// No upgrade to roll (kind without CILIUM_FROM): the rolling-upgrade scenario is not part of the run at all.
const ROLLING_UPGRADE = 'scenarios/03a-rolling-upgrade.test.ts';
// One folder per run (reports/runs/<run>; the lab's start points reports/latest at it), chosen
// here so the JUnit file, the global setup and every worker write to the same one. Listing is no run.
const subcommand = process.argv.slice(2).find((a) => !a.startsWith('-'));
const reportsDir = subcommand === 'list' ? join(tmpdir(), 'anycast-lab-list') : thisRunFolder();

export default defineConfig({
  test: {
    // Root-level only in vitest: projects cannot set their own sequencer.
    sequence: { sequencer: LongestOwnLabFirst },
    // The lab's teardown writes reports, compares with a baseline and removes the lab (kind: clusters,
    // minutes); vitest would otherwise exit after 10 s of it and leave the rest behind.
    teardownTimeout: scenarioTimeoutMs,
    // Lab files mostly wait on protocol timers: as many run at once as the provider's labs fit the host.
    maxWorkers: labsAtOnce(provider),
    // Each suite and case named with its project: one scenario file runs in several labs (helpers/lab/lab-projects.ts).
    reporters: ['default', ['junit', { outputFile: join(reportsDir, 'junit.xml'), suiteNameTemplate: '{displayName} {filename}', classnameTemplate: '{displayName} {filename}' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['helpers/**/*.test.ts'],
          exclude: ['helpers/**/*.docker.test.ts'],
          environment: 'node',
          // The kind provider's tests spawn fake kind/helm/docker processes, a few dozen per test.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          // The framework itself against a real Docker engine (no lab brought up in advance), beside the
          // labs: the runs these tests kill on purpose carry this worker as their guardian
          // (LAB_GUARDIAN), so labs starting beside them leave what they left to the test.
          name: 'docker',
          include: ['helpers/**/*.docker.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      ...labProjects(provider, reportsDir).map((lab) => ({
        test: {
          name: lab.name,
          include: lab.files ? lab.files.map((f) => `scenarios/${f}.test.ts`) : ['scenarios/**/*.test.ts'],
          exclude: provider.upgradeConfigured() ? [] : [ROLLING_UPGRADE],
          environment: 'node',
          globalSetup: ['scenarios/global-setup.ts'],
          // Workers read which lab they test, and where its reports go, from these.
          env: { LAB_SPEC: lab.specPath, LAB_REPORTS_DIR: lab.reportsDir, LAB_SPLIT: lab.split ? '1' : '0' },
          fileParallelism: lab.split,
          testTimeout: scenarioTimeoutMs,
          hookTimeout: scenarioTimeoutMs,
        },
      })),
    ],
  },
});
