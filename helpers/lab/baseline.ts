// Baselines: a saved run's results (provider, versions, every figure, every
// scenario's outcome) that later runs of the same lab are compared with.
// `npm run lab -- baseline save [path]` writes one; `npm test` compares with
// LAB_BASELINE, or with baselines/<spec>-<provider>.json when it exists.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LabSpec } from '../model/spec.ts';
import { loadSpec } from '../model/load-spec.ts';
import { providerByName } from '../providers/registry.ts';
import { regressionSettingsOf } from '../model/regression-settings.ts';
import { parseResults, type RunResults } from '../report/results.ts';
import { compareResults, renderComparison } from '../report/compare.ts';
import { lastRunFolder, thisRunFolder } from '../report/run-folder.ts';

export const BASELINES_DIR = 'baselines';
/** The results of the run in this process (its teardown compares them). */
export const thisRunResults = (dir: string = thisRunFolder()) => join(dir, 'results.json');
/** The results of the last run, as a later command finds them (reports/latest). */
export const lastRunResults = () => join(lastRunFolder(), 'results.json');

export function defaultBaselinePath(spec: string, provider: string): string {
  return join(BASELINES_DIR, `${spec}-${provider}.json`);
}

/** The baseline this run compares with: LAB_BASELINE ("none": no comparison), else the default path if it exists. */
export function configuredBaseline(spec: string, provider: string, env = process.env): string | undefined {
  const chosen = env['LAB_BASELINE'];
  if (chosen === 'none') return undefined;
  if (chosen !== undefined && chosen !== '') {
    if (!existsSync(chosen)) throw new Error(`LAB_BASELINE="${chosen}": no such file (save one with \`npm run lab -- baseline save ${chosen}\`, or LAB_BASELINE=none)`);
    return chosen;
  }
  const path = defaultBaselinePath(spec, provider);
  return existsSync(path) ? path : undefined;
}

/** The baseline a lab of `spec` compares with on the chosen provider; `env` holds LAB_BASELINE when it applies to this lab. */
export function baselineOfLab(spec: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  return configuredBaseline(spec, providerByName().name, env);
}

/** The baseline of the run about to start (the spec and provider it will choose), checked before anything starts. */
export async function baselineOfThisRun(): Promise<string | undefined> {
  return configuredBaseline((await loadSpec()).name, providerByName().name);
}

export async function readResultsFile(path: string): Promise<RunResults> {
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw new Error(`${path}: cannot read it (${error.message}); every lab run writes a results.json to its own folder under reports/runs/, and reports/latest is the newest run that brought a lab up (an \`up\` or a run whose lab never started has none)`, { cause: error });
  });
  return parseResults(text, path);
}

/** Saves a run's results as a baseline; refuses a run where a scenario failed or none ran. Returns the path written. */
export async function saveBaseline(results: RunResults, target?: string): Promise<string> {
  const scenarios = Object.entries(results.scenarios ?? {});
  if (scenarios.length === 0) throw new Error(`results of session ${results.meta.session} record no scenario: save a baseline from an \`npm test\` run`);
  const failed = scenarios.filter(([, o]) => o !== 'pass').map(([name, o]) => `${name} (${o})`);
  if (failed.length > 0) throw new Error(`results of session ${results.meta.session} have scenarios that did not pass, not a baseline: ${failed.join('; ')}`);
  const path = target ?? defaultBaselinePath(results.meta.spec, results.meta.provider);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(results, null, 2) + '\n');
  return path;
}

export interface BaselineVerdict {
  readonly table: string;
  readonly regressions: number;
}

/** Compares a run with its baseline under the spec's tolerances and deviations. */
export function judgeAgainstBaseline(spec: LabSpec, baselinePath: string, baseline: RunResults, now: RunResults): BaselineVerdict {
  const rows = compareResults(baseline, now, regressionSettingsOf(spec));
  return { table: renderComparison(baseline, now, rows, [`baseline ${baselinePath}`, 'now']), regressions: rows.filter((r) => r.regression).length };
}

/**
 * After a run: compares its results with the baseline, prints the table and adds it to
 * the run's summary.md. Returns the number of regressions (the caller fails the run on any).
 */
export async function reportAgainstBaseline(spec: LabSpec, baselinePath: string, log: (line: string) => void, dir: string = thisRunFolder()): Promise<number> {
  const [baseline, now] = await Promise.all([readResultsFile(baselinePath), readResultsFile(thisRunResults(dir))]);
  const verdict = judgeAgainstBaseline(spec, baselinePath, baseline, now);
  log(`compared with the baseline ${baselinePath}:\n${verdict.table}`);
  const summary = join(dir, 'summary.md');
  const existing = await readFile(summary, 'utf8').catch(() => '');
  await writeFile(summary, `${existing}\n## Against the baseline\n\n${verdict.table}\n`);
  return verdict.regressions;
}
