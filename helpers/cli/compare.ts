// `npm run compare <a.json>[,<a2.json>...] <b.json>[,<b2.json>...]`: two runs (or the medians of
// several runs per side) side by side, regressions flagged; exits 1 when there is one (for CI
// gates on upgrades).
import { readFile } from 'node:fs/promises';
import { compareResults, mergeRuns, renderComparison } from '../report/compare.ts';
import { parseResults } from '../report/results.ts';
import { regressionSettingsOf } from '../model/regression-settings.ts';
import { loadSpec } from '../model/load-spec.ts';

const USAGE = `usage: npm run compare <a/results.json>[,<more runs of a>] <b/results.json>[,<more runs of b>]
  Several runs per side (comma-separated) are compared by each figure's median; a scenario counts
  as passed only where it passed in every run of its side.`;

const [sideA, sideB] = process.argv.slice(2);
if (!sideA || !sideB || sideA === '--help' || sideA === '-h') {
  console.error(USAGE);
  process.exit(sideA === '--help' || sideA === '-h' ? 0 : 2);
}
const readSide = async (side: string) => mergeRuns(await Promise.all(side.split(',').filter(Boolean).map(async (f) => parseResults(await readFile(f, 'utf8'), f))));
try {
  const [a, b] = await Promise.all([readSide(sideA), readSide(sideB)]);
  // The spec's tolerances and deviations (LAB_SPEC, or the reference lab's), as `npm test` uses against a baseline.
  const rows = compareResults(a, b, regressionSettingsOf(await loadSpec()));
  console.log(renderComparison(a, b, rows, [sideA, sideB]));
  process.exit(rows.some((r) => r.regression) ? 1 : 0);
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exit(2);
}
