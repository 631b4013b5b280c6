// `npm run stress -- [--idle N] [--loaded N] [--project P]`: runs the lab
// projects N times in a row on an idle machine and N times with every core
// saturated by a competing load, then prints each scenario test's passes and
// failures and the spread of every measured figure, per condition. A scenario
// that fails only under load is a scenario that depends on timing luck.
// Exit 1 when any test failed in any run.
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { execa } from 'execa';
import { testCaseOutcomes } from '../helpers/report/junit-cases.ts';
import { renderStats, stat } from '../helpers/report/stats.ts';

const USAGE = `usage: npm run stress -- [--idle N] [--loaded N] [--project P] [--out DIR]
  --idle N     runs on an otherwise idle machine (default 20)
  --loaded N   runs with one busy process per core beside them (default 10)
  --project P  the Vitest projects to run (default "lab*": the lab under test and the bundled shapes)
  --out DIR    where each run's reports go, emptied first (default reports/stress)`;

function fail(message: string): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({ options: { idle: { type: 'string', default: '20' }, loaded: { type: 'string', default: '10' }, project: { type: 'string', default: 'lab*' }, out: { type: 'string', default: join('reports', 'stress') }, help: { type: 'boolean', short: 'h', default: false } } }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const counts = { idle: Number(values.idle), loaded: Number(values.loaded) };
for (const [name, n] of Object.entries(counts)) if (!Number.isInteger(n) || n < 0) fail(`--${name} "${n}" is not a whole number from 0`);

const log = (line: string) => console.error(`[stress] ${line}`);
const ROOT = resolve(values.out);
await rm(ROOT, { recursive: true, force: true });

/** One busy loop per core, each ending by itself after `seconds`. */
function saturate(seconds: number): ChildProcess[] {
  // Each also ends when its parent is gone (a killed stress run leaves no load behind).
  const code = `const end = Date.now() + ${seconds * 1000}; const parent = process.ppid; while (Date.now() < end && process.ppid === parent) { for (let i = 0; i < 1e6; i++); }`;
  return Array.from({ length: availableParallelism() }, () => fork('-e', [code], { execArgv: [], stdio: 'ignore' }));
}

type Condition = keyof typeof counts;
const outcomes: Record<string, Record<Condition, { pass: number; fail: number }>> = {};
const figures: Record<string, Record<Condition, number[]>> = {};
const wall: Record<Condition, number[]> = { idle: [], loaded: [] };

/** Every measured figure of a run: results.json of the lab under test and of each shape. */
async function runFigures(dir: string): Promise<Record<string, number>> {
  const files = [join(dir, 'results.json'), ...(await readdir(join(dir, 'shapes')).catch(() => [] as string[])).map((s) => join(dir, 'shapes', s, 'results.json'))];
  const out: Record<string, number> = {};
  for (const file of files) {
    const results = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as { meta?: { spec?: string }; measurements?: Record<string, Record<string, unknown>> };
    for (const [measurement, figs] of Object.entries(results.measurements ?? {})) {
      for (const [name, value] of Object.entries(figs)) if (typeof value === 'number') out[`${results.meta?.spec ?? '?'} ${measurement}.${name}`] = value;
    }
  }
  return out;
}

for (const condition of ['idle', 'loaded'] as const) {
  for (let run = 1; run <= counts[condition]; run++) {
    const dir = join(ROOT, `${condition}-${run}`);
    await mkdir(dir, { recursive: true });
    log(`${condition} run ${run}/${counts[condition]}`);
    // Longer than any suite run; each hog ends by itself, and is killed when the run ends.
    const hogs = condition === 'loaded' ? saturate(1800) : [];
    const started = performance.now();
    let exitCode: number | undefined;
    try {
      ({ exitCode } = await execa('npx', ['vitest', 'run', '--project', values.project], { reject: false, env: { LAB_REPORTS_DIR: dir }, stdout: 'ignore', stderr: 'ignore' }));
    } finally {
      for (const hog of hogs) hog.kill('SIGKILL');
    }
    wall[condition].push(performance.now() - started);
    let cases: { name: string; passed: boolean }[] = [];
    try {
      cases = testCaseOutcomes(await readFile(join(dir, 'junit.xml'), 'utf8'));
    } catch (error) {
      log(`${condition} run ${run}: no JUnit report (${(error as Error).message})`);
      cases = [{ name: '(the run itself: no JUnit report)', passed: false }];
    }
    for (const c of cases) {
      const entry = (outcomes[c.name] ??= { idle: { pass: 0, fail: 0 }, loaded: { pass: 0, fail: 0 } });
      entry[condition][c.passed ? 'pass' : 'fail']++;
    }
    for (const [name, value] of Object.entries(await runFigures(dir))) ((figures[name] ??= { idle: [], loaded: [] })[condition]).push(value);
    const failed = cases.filter((c) => !c.passed).map((c) => c.name);
    log(`${condition} run ${run}: exit ${exitCode}, ${cases.length - failed.length} passed, ${failed.length} failed${failed.length ? `: ${failed.join('; ')}` : ''}, ${Math.round(wall[condition].at(-1)! / 1000)} s`);
  }
}

const ran = (Object.keys(counts) as Condition[]).filter((c) => counts[c] > 0);
const lines = [`# stress: ${ran.map((c) => `${counts[c]} ${c}`).join(' + ')} run(s) of --project ${values.project} on ${availableParallelism()} cores`, '', '## tests (passed/failed per condition)'];
const failures = Object.values(outcomes).reduce((n, o) => n + o.idle.fail + o.loaded.fail, 0);
for (const [name, o] of Object.entries(outcomes).sort()) lines.push(`${ran.map((c) => `${c} ${o[c].pass}/${o[c].fail}`).join('  ')}  ${o.idle.fail + o.loaded.fail > 0 ? 'FAIL' : 'ok  '}  ${name}`);
lines.push('', '## figures (min / median / max)');
for (const c of ran) {
  lines.push(`### ${c}`, renderStats([['suite wall time', stat(wall[c]), 'ms'], ...Object.entries(figures).filter(([, v]) => v[c].length > 0).sort().map(([n, v]): [string, ReturnType<typeof stat>, string] => [n, stat(v[c]), ''])]));
}
lines.push('', `${Object.values(outcomes).reduce((n, o) => n + o.idle.pass + o.loaded.pass, 0)} passed, ${failures} failed`);
console.log(lines.join('\n'));
process.exit(failures > 0 ? 1 : 0);
