// The labs a suite run brings up, as Vitest projects (vitest.config.ts makes one
// per entry, scenarios/global-setup.ts brings its lab up). The lab under test is
// LAB_SPEC, else the reference lab. Beside it, when the provider runs labs side
// by side and LAB_SPEC does not narrow the run, the bundled lab shapes run the
// same scenarios, each on a lab of its own, so a scenario that turns red on a
// correct lab it has not seen is caught here first.
//
// In a split project the read-only scenario files share the project's lab and
// each file that changes its lab (useOwnLab) gets a fresh copy of its own, all
// at once; otherwise every file runs on the project's one lab, in name order,
// each seeing what the previous one left (kind: clusters take minutes), and
// the shapes are not run.
import { join } from 'node:path';
import { hostSize } from './host-size.ts';
import { DEFAULT_SPEC } from '../model/load-spec.ts';
import { positiveNumberSetting, type Env } from '../model/settings.ts';
import type { ClusterProvider } from '../providers/types.ts';

/**
 * Correct labs of other shapes (fixtures/labs/), run beside the lab under test, each with the
 * scenario files whose verdicts its shape changes (the rest would repeat the lab under test's run).
 * accept-all.ts is left out on purpose: the rogue-speaker scenario must fail on it.
 */
export const BUNDLED_SHAPES: Readonly<Record<string, { readonly why: string; readonly files: readonly string[]; readonly startsFirst?: true }>> = {
  'etp-local': {
    why: 'only nodes with a local endpoint announce: every expectation per node',
    files: ['01-sessions-established', '02-vip-ecmp', '02a-advertised-routes', '03-client-reaches-vip', '03a-rolling-upgrade', '04-cluster-failover', '05-cluster-recovery', '06-speaker-restart'],
  },
  'one-node-cluster': { why: 'a lone path after a deletion', files: ['02-vip-ecmp', '03-client-reaches-vip', '04-cluster-failover', '05-cluster-recovery'] },
  'port-8080': { why: 'the workload on another port', files: ['03-client-reaches-vip', '07-graceful-deletion'] },
  // Its failover waits out the 60 s graceful restart, the suite's longest file: started among the first,
  // it ends while the others still run instead of alone at the end (vitest.config.ts orders the files).
  'long-restart': { why: 'a 60 s graceful-restart time: clients recover before the route drops', files: ['04-cluster-failover'], startsFirst: true },
  'default-policy': { why: "the router's default policy filters the ClusterIP announcements", files: ['02-vip-ecmp', '02a-advertised-routes', '02b-rogue-speaker'] },
};

/** Whether a project's files go before other labs' own-lab files (a bundled shape that says so, see above). */
export function startsFirst(projectName: string): boolean {
  return projectName.startsWith('lab:') && BUNDLED_SHAPES[projectName.slice('lab:'.length)]?.startsFirst === true;
}

export interface LabProject {
  /** The Vitest project's name: `lab`, or `lab:<shape>`. */
  readonly name: string;
  readonly specPath: string;
  /** This lab's reports: the run's folder for the lab under test, shapes/<shape>/ in it for a shape. */
  readonly reportsDir: string;
  /** Files that change their lab get a copy of their own, side by side (see above). */
  readonly split: boolean;
  /** The scenario files it runs (default: all). */
  readonly files?: readonly string[];
}

/** How many labs run at once: LAB_LABS_AT_ONCE, else what the provider says this host holds. */
export function labsAtOnce(provider: Pick<ClusterProvider, 'labsAtOnce'>, env: Env = process.env): number {
  const chosen = positiveNumberSetting(env, 'LAB_LABS_AT_ONCE');
  const most = provider.labsAtOnce(hostSize());
  return Math.max(1, Math.floor(Number.isFinite(chosen) && chosen !== undefined ? Math.min(chosen, most) : most));
}

export function labProjects(provider: Pick<ClusterProvider, 'labsAtOnce'>, runDir: string, env: Env = process.env): LabProject[] {
  const split = labsAtOnce(provider, env) > 1;
  const underTest: LabProject = { name: 'lab', specPath: env['LAB_SPEC'] || DEFAULT_SPEC, reportsDir: runDir, split };
  const shapes = split && !env['LAB_SPEC'] && env['LAB_SHAPES'] !== '0';
  if (!shapes) return [underTest];
  return [underTest, ...Object.entries(BUNDLED_SHAPES).map(([shape, { files }]) => ({
    name: `lab:${shape}`,
    specPath: `fixtures/labs/${shape}.ts`,
    reportsDir: join(runDir, 'shapes', shape),
    // Split as the lab under test is: a project that runs its files one at a time is put by Vitest in
    // one group with every other such project, run after all the rest, one file at a time (Vitest's
    // groupSpecs: fileParallelism false without a sequence.groupOrder), so the shapes would wait for
    // each other and for everything else.
    split,
    files,
  }))];
}
