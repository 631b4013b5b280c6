// `npm run bench -- [--runs N] [--suite]`: bring-up time by phase, the probe's
// capacity and resolution, failover and recovery figures over N runs, and (with --suite)
// whole-suite time, printed as min / median / max. Numbers, not pass/fail.
import { parseArgs } from 'node:util';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { execa } from 'execa';
import { LabSession } from '../lab/session.ts';
import { waitUntilConverged } from '../lab/readiness.ts';
import { providerByName } from '../providers/registry.ts';
import { measureDisruption, NO_DEAD_HOP_MEASUREMENT } from '../measure/disruption.ts';
import { abruptDeletion, recovery } from '../lab/disruption-plans.ts';
import { figuresOf } from '../report/figures.ts';
import { renderStats, stat } from '../report/stats.ts';
import { fileDurations, labPaths, type FileDuration } from '../report/junit-durations.ts';
import { readFileSync } from 'node:fs';
import { settingsProblems } from '../lab/preflight.ts';
import { labProjects } from '../lab/lab-projects.ts';
import { baseImage } from '../docker/images.ts';

const USAGE = `usage: npm run bench -- [--runs N] [--suite] [--probe-rate R]
  --runs N        bring-ups measured (default 3): min / median / max of each figure
  --suite         also time the whole lab project once per run
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
    log(`run ${run}/${runs}: whole lab suite (npx vitest run --project 'lab*': the lab under test and the bundled shapes)`);
    const started = performance.now();
    const dir = `reports/bench-suite-${run}`;
    // The folder is reused by the next bench: an old JUnit report must not be read as this run's.
    await rm(join(dir, 'junit.xml'), { force: true });
    const result = await execa('npx', ['vitest', 'run', '--project', 'lab*'], { reject: false, env: { LAB_REPORTS_DIR: dir } });
    add('suite: all lab projects (wall)', performance.now() - started);
    if (result.exitCode !== 0) log(`suite run ${run} failed (exit ${result.exitCode}); its time is still reported`);
    // Each scenario file's own time per lab (vitest's, in the run's JUnit report), and each lab's path through them.
    let files: FileDuration[] = [];
    try {
      files = fileDurations(await readFile(join(dir, 'junit.xml'), 'utf8'));
    } catch (error) {
      log(`suite run ${run}: no per-file times (${(error as Error).message})`);
    }
    for (const f of files) add(`suite file: ${f.file.replace(/scenarios\/|\.test\.ts/g, '')}`, f.ms);
    const split = new Set(labProjects(provider, dir).filter((l) => l.split).map((l) => l.name));
    const paths = labPaths(files, (lab, file) => split.has(lab) && /\buseOwnLab\(/.test(readFileSync(file, 'utf8')));
    for (const [lab, ms] of Object.entries(paths)) add(`suite lab: ${lab} (its files' path)`, ms);
    if (Object.keys(paths).length > 0) add('suite: critical path (the slowest lab)', Math.max(...Object.values(paths)));
  }
}

const unit = (name: string) => (name.includes('per second') ? '/s' : name.includes('share') ? '%' : name.includes('failed requests') || name.includes('failed at') ? 'requests' : 'ms');
const table = renderStats(Object.entries(samples).map(([name, v]) => [name, stat(v), unit(name)]));
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}, Node ${process.version}`;
console.log(`# bench: provider ${provider.name}, ${runs} run(s), on ${machine}\n${table}`);
await mkdir('reports', { recursive: true });
await writeFile('reports/bench.json', JSON.stringify({ machine, provider: provider.name, runs, samples }, null, 2));
process.exit(0);
