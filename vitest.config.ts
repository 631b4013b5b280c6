import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { providerByName } from './helpers/providers/registry.ts';
import { thisRunFolder } from './helpers/report/run-folder.ts';

/** Scenario files run in file-name order: the failover scenario deletes a cluster, so it comes last. */
class ByFileName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
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
    sequence: { sequencer: ByFileName },
    // The lab's teardown writes reports, compares with a baseline and removes the lab (kind: clusters,
    // minutes); vitest would otherwise exit after 10 s of it and leave the rest behind.
    teardownTimeout: scenarioTimeoutMs,
    reporters: ['default', ['junit', { outputFile: join(reportsDir, 'junit.xml') }]],
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
          // The framework itself against a real Docker engine (no lab brought up in advance).
          name: 'docker',
          include: ['helpers/**/*.docker.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'lab',
          include: ['scenarios/**/*.test.ts'],
          exclude: provider.upgradeConfigured() ? [] : [ROLLING_UPGRADE],
          environment: 'node',
          globalSetup: ['scenarios/global-setup.ts'],
          fileParallelism: false,
          testTimeout: scenarioTimeoutMs,
          hookTimeout: scenarioTimeoutMs,
        },
      },
    ],
  },
});
