import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Scenario files run in file-name order: the failover scenario deletes a cluster, so it comes last. */
class ByFileName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    // Root-level only in vitest: projects cannot set their own sequencer.
    sequence: { sequencer: ByFileName },
    reporters: ['default', ['junit', { outputFile: 'reports/junit.xml' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['helpers/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'lab',
          include: ['scenarios/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['helpers/lab/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
