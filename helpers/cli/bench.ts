// `npm run bench -- [--runs N] [--suite]`: bring-up time by phase, the probe's
// capacity and resolution, failover and recovery figures over N runs, and (with --suite)
// whole-suite time, printed as min / median / max. Numbers, not pass/fail.
import { parseArgs } from 'node:util';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import reference from '../../fixtures/reference-lab.ts';
import { cpus, totalmem } from 'node:os';
import { execa } from 'execa';
import { LabSession } from '../lab/session.ts';
import { waitUntilConverged } from '../lab/readiness.ts';
import { providerByName } from '../providers/registry.ts';
import { measureDisruption, NO_DEAD_HOP_MEASUREMENT } from '../measure/disruption.ts';
import { abruptDeletion, recovery } from '../lab/disruption-plans.ts';
import { figuresOf } from '../report/figures.ts';
import { renderStats, stat } from '../report/stats.ts';
import { parseSuiteTimeline, timelineFigures } from '../report/suite-timeline.ts';
import { settingsProblems } from '../lab/preflight.ts';
import { baseImage } from '../docker/images.ts';

const USAGE = `usage: npm run bench -- [--runs N] [--suite] [--probe-rate R]
  --runs N        bring-ups measured (default 3): min / median / max of each figure
  --suite         also run the whole suite (what npm test runs) once per run: its wall time, each
                  project's and file's time, and what ended last
  --probe-rate R  new connections per second of the probe-capacity step (default 200)`;

function fail(message: string): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ options: { runs: { type: 'string', default: '3' }, suite: { type: 'boolean', default: false }, 'probe-rate': { type: 'string', default: '200' }, help: { type: 'boolean', short: 'h', default: false } } });
} catch (error) {
  fail((error as Error).message);
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const runs = Number(values.runs);
const probeRate = Number(values['probe-rate']);
if (!Number.isInteger(runs) || runs < 1) fail(`--runs "${values.runs}" is not a whole number from 1`);
if (!Number.isFinite(probeRate) || probeRate <= 0) fail(`--probe-rate "${values['probe-rate']}" is not a positive number`);
const problems = settingsProblems();
if (problems.length > 0) {
  for (const problem of problems) console.error(`error: ${problem}`);
  process.exit(2);
}
const log = (line: string) => console.error(`[bench] ${line}`);
const samples: Record<string, number[]> = {};
const add = (name: string, value: number | undefined) => {
  if (value !== undefined) (samples[name] ??= []).push(value);
};

const provider = providerByName();

/**
 * What one bare container start costs on this host (`docker run --rm` of the base image, no lab in
 * it): a lab's bring-up starts seven, so its figure is only comparable between machines beside this
 * one (seen: 0.75 s on a 2-core machine with Docker 20.10 whose lab containers started two to three
 * times slower than on the README's reference machine; 0.25 s of it is the network namespace).
 */
async function bareContainerStartMs(): Promise<number> {
  const t0 = performance.now();
  await execa('docker', ['run', '--rm', baseImage(), 'true']);
  return Math.round(performance.now() - t0);
}

for (let run = 1; run <= runs; run++) {
  add('host: one bare container start (docker run --rm, base image)', await bareContainerStartMs());
  log(`run ${run}/${runs}: bring-up`);
  const started = performance.now();
  const session = await LabSession.start({ log: () => {}, reports: false, exitOnSignal: true });
  const { lab } = session;
  const { state } = lab;
  try {
    const upMs = performance.now() - started;
    const converged = await waitUntilConverged(lab);
    for (const [phase, ms] of Object.entries(state.phases)) add(`bring-up: ${phase}`, ms);
    add('bring-up: sessions Established (after containers)', converged.sessionsMs);
    add('bring-up: start to VIP on all next hops', upMs + converged.vipMs);

    log(`run ${run}/${runs}: probe capacity at ${probeRate}/s`);
    const burst = await lab.probe({ count: probeRate * 5, rate: probeRate, timeoutMs: 1000 });
    const span = (burst.at(-1)!.at - burst[0]!.at) / 1000;
    add('probe: achieved new connections per second', (burst.length - 1) / span);
    add('probe: failed at that rate', burst.filter((s) => !s.ok).length);
    const gaps = burst.slice(1).map((s, i) => s.at - burst[i]!.at).sort((a, b) => a - b);
    add('probe: p99 gap between request starts', gaps[Math.floor(gaps.length * 0.99)]);
    add('probe: p99 latency', [...burst.map((s) => s.latencyMs)].sort((a, b) => a - b)[Math.floor(burst.length * 0.99)]);

    log(`run ${run}/${runs}: abrupt deletion of ${lab.clusterNames[0]}`);
    const report = await measureDisruption(lab, await abruptDeletion(lab, lab.clusterNames[0]!));
    const f = figuresOf(report);
    add('failover: deletion to new flows on survivors only', f.convergenceMs);
    add('failover: deletion to the route on survivors only', f.routeConvergenceMs);
    add('failover: disruption window', f.disruptionWindowMs);
    add('failover: failed requests', f.failed);
    add('failover: failed share', f.failedPercent);
    add('failover: clients recovered', f.recoveryMs);
    if (report.capture?.windowMs !== undefined && f.disruptionWindowMs !== undefined) {
      add('failover: |probe window - router capture window|', Math.abs(report.capture.windowMs - f.disruptionWindowMs));
    }

    log(`run ${run}/${runs}: recovery of ${lab.clusterNames[0]}`);
    const back = figuresOf(await measureDisruption(lab, recovery(lab, lab.clusterNames[0]!), NO_DEAD_HOP_MEASUREMENT));
    add('recovery: recreation to new flows on every next hop', back.convergenceMs);
    add('recovery: failed requests', back.failed);
  } finally {
    await session.stop();
  }
}

if (values.suite) {
  for (let run = 1; run <= runs; run++) {
    log(`run ${run}/${runs}: the whole suite, as npm test runs it (npx vitest run), with a timeline of its files`);
    const dir = `reports/bench-suite-${run}`;
    await mkdir(dir, { recursive: true });
    const timelineFile = join(dir, 'timeline.json');
    // The folder is reused by the next bench: an old timeline must not be read as this run's.
    await rm(timelineFile, { force: true });
    const started = performance.now();
    const result = await execa('npx', ['vitest', 'run', '--reporter', 'default', '--reporter', './helpers/report/timeline-reporter.ts'], {
      reject: false, env: { LAB_REPORTS_DIR: dir, LAB_TIMELINE_FILE: timelineFile },
    });
    add('suite: npm test (wall)', performance.now() - started);
    if (result.exitCode !== 0) log(`suite run ${run} failed (exit ${result.exitCode}); its times are still reported`);
    let figures;
    try {
      figures = timelineFigures(parseSuiteTimeline(await readFile(timelineFile, 'utf8')));
    } catch (error) {
      log(`suite run ${run}: no timeline (${(error as Error).message})`);
      continue;
    }
    add('suite: start-up before the first file', figures.startUpMs);
    add(`suite: the last file ended (${figures.lastFile.file.replace(/scenarios\/|helpers\/|\.test\.ts/g, '')})`, figures.lastFile.endMs);
    for (const [project, ms] of Object.entries(figures.projectSpanMs)) add(`suite project: ${project} (first start to last end)`, ms);
    for (const [file, ms] of Object.entries(figures.fileMs)) if (file.startsWith('lab') || file.startsWith('docker')) add(`suite file: ${file.replace(/scenarios\/|helpers\/|\.test\.ts/g, '')}`, ms);
  }
}

/**
 * A red run must not cost much more than a green one: a failing wait ends at its budget, and a lab
 * that cannot converge fails its files at their bring-up budget, not at the scenario timeout. Both
 * are the lab under test's project alone (LAB_SPEC): the reference lab, and the same lab with the
 * router capped at two next hops (router.maximumPaths 2), a runtime fault no plan-time check sees,
 * so the VIP never reaches all four nodes and every file fails.
 */
if (values.suite) {
  const redDir = resolve('reports', 'bench-red');
  await mkdir(redDir, { recursive: true });
  const redSpec = join(redDir, 'spec.ts');
  await writeFile(redSpec, `export default ${JSON.stringify({ ...reference, name: 'anycast-red', router: { ...reference.router, maximumPaths: 2 }, manifestsDir: resolve(reference.manifestsDir) })};\n`);
  for (let run = 1; run <= runs; run++) {
    const times: Record<string, number> = {};
    for (const [which, spec] of [['green', 'fixtures/reference-lab.ts'], ['red', redSpec]] as const) {
      log(`run ${run}/${runs}: the reference lab's scenarios alone, ${which} (LAB_SPEC=${spec})`);
      const started = performance.now();
      const result = await execa('npx', ['vitest', 'run', '--project', 'lab'], { reject: false, env: { LAB_SPEC: spec, LAB_REPORTS_DIR: join(redDir, `${which}-${run}`) } });
      times[which] = performance.now() - started;
      const expected = which === 'green' ? 0 : 1;
      if (result.exitCode !== expected) log(`${which} run ${run} exited ${result.exitCode}, expected ${expected}: its time is still reported`);
    }
    add('suite: the reference lab alone, green (wall)', times['green']);
    add('suite: the reference lab alone, red: router.maximumPaths 2 (wall)', times['red']);
    add('suite: red / green (ratio)', Math.round((times['red']! / times['green']!) * 100) / 100);
  }
}

const unit = (name: string) => (name.includes('(ratio)') ? 'x' : name.includes('per second') ? '/s' : name.includes('share') ? '%' : name.includes('failed requests') || name.includes('failed at') ? 'requests' : 'ms');
const table = renderStats(Object.entries(samples).map(([name, v]) => [name, stat(v), unit(name)]));
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}, Node ${process.version}`;
console.log(`# bench: provider ${provider.name}, ${runs} run(s), on ${machine}\n${table}`);
await mkdir('reports', { recursive: true });
await writeFile('reports/bench.json', JSON.stringify({ machine, provider: provider.name, runs, samples }, null, 2));
process.exit(0);
