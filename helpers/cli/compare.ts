// `npm run compare <a.json> <b.json>`: two runs' results side by side, with
// regressions flagged; exits 1 when there is one (for CI gates on upgrades).
import { readFile } from 'node:fs/promises';
import { compareResults, renderComparison } from '../report/compare.ts';
import { parseResults } from '../report/results.ts';
import { regressionSettingsOf } from '../spec/regression-settings.ts';
import { loadSpec } from '../spec/load-spec.ts';

const [fileA, fileB] = process.argv.slice(2);
if (!fileA || !fileB) {
  console.error('usage: npm run compare <a/results.json> <b/results.json>');
  process.exit(2);
}
try {
  const [a, b] = await Promise.all([fileA, fileB].map(async (f) => parseResults(await readFile(f, 'utf8'), f)));
  // The spec's tolerances and deviations (LAB_SPEC, or the reference lab's), as `npm test` uses against a baseline.
  const rows = compareResults(a!, b!, regressionSettingsOf(await loadSpec()));
  console.log(renderComparison(a!, b!, rows, [fileA, fileB]));
  process.exit(rows.some((r) => r.regression) ? 1 : 0);
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exit(2);
}
