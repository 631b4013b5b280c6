// The lab's command line: `npm run lab -- <command>`.
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadSpec } from '../spec/load-spec.ts';
import { startLab, stopLab } from '../lab/start.ts';
import { STATE_DIR, STATE_FILE, type LabState } from '../spec/state.ts';
import { Lab } from '../lab/lab.ts';
import { removeLabResources } from '../docker/cleanup.ts';
import { cleanupOnSignals } from '../lab/signals.ts';
import { waitUntilConverged } from '../lab/readiness.ts';
import { assertValidLab } from '../spec/validate.ts';
import { providerByName, PROVIDERS } from '../providers/registry.ts';
import { ensureLabImages } from '../docker/images.ts';
import { measureDisruption } from '../measure/disruption.ts';
import { abruptDeletion } from '../lab/disruption-plans.ts';
import { formatDisruption } from '../report/format.ts';
import { MEASUREMENTS_DIR, recordMeasurement } from '../report/measurements.ts';
import { runMeta, saveMeta, writeReports } from '../report/write-reports.ts';
import { labVersions } from '../lab/versions.ts';
import { describeLab } from './summary.ts';
import { renderPlan } from './plan.ts';
import { collectDiagnostics } from '../lab/diagnostics.ts';

const USAGE = `usage: npm run lab -- [command] [options]

commands:
  run            (default) bring the lab up, check it, delete a cluster while
                 the client probes, print a summary, take the lab down
  up             bring the lab up, wait until it converged, print a summary, keep it running
  status         summary of the running lab
  down           take the running lab down
  cleanup        remove every container and network any lab run left behind
                 (--session ID: only that run's)
  shell NAME     a shell in a lab container (router, client, or a node name like kind01-worker)
  vtysh [CMD]    FRR's shell on the router, or one command
  diagnose [DIR] collect router, speaker and cluster diagnostics of the running lab (default reports/diagnostics)
  plan           print what the lab would run (router config, per-node speaker configs), run nothing
  images         build the lab's images (done on demand by run and up)

options:
  --provider NAME   cluster provider (${Object.keys(PROVIDERS).join(', ')}; env LAB_PROVIDER; default emulated)
  --spec PATH       lab spec module (env LAB_SPEC; default fixtures/reference-lab.ts)
  --cluster NAME    cluster to delete in \`run\` (default: the spec's first)
  --keep            \`run\`: leave the lab running afterwards
  --session ID      \`cleanup\`: only this session`;

const log = (line: string) => console.log(`[lab] ${line}`);

async function readState(): Promise<LabState> {
  try {
    return JSON.parse(await readFile(STATE_FILE, 'utf8')) as LabState;
  } catch {
    throw new Error(`no running lab: ${STATE_FILE} is missing (start one with \`npm run lab -- up\`)`);
  }
}

async function bringUp(): Promise<Lab> {
  const spec = assertValidLab(await loadSpec());
  const provider = providerByName();
  let session: string | undefined;
  const removeHandlers = cleanupOnSignals(() => session, log, true);
  try {
    const state = await startLab(spec, { provider, log, onSession: (s) => (session = s) });
    await mkdir(STATE_DIR, { recursive: true });
    await writeFile(STATE_FILE, JSON.stringify(state, null, 2));
    const lab = new Lab(state);
    try {
      const waited = await waitUntilConverged(lab);
      log(`sessions Established after ${waited.sessionsMs} ms, VIP on every next hop after ${waited.vipMs} ms`);
    } catch (error) {
      await takeDown(state);
      throw error;
    }
    return lab;
  } finally {
    removeHandlers();
  }
}

async function takeDown(state: LabState): Promise<void> {
  await stopLab(state, providerByName(state.provider));
  await rm(STATE_FILE, { force: true });
  log(`lab session ${state.session} removed`);
}

function containerFor(state: LabState, name: string): string {
  if (name === 'router' || name === state.spec.router.name) return state.router.name;
  if (name === 'client' || name === state.spec.client.name) return state.client.name;
  const node = state.clusters.flatMap((c) => c.nodes).find((n) => n.name === name || n.container.name === name);
  if (!node) {
    const known = ['router', 'client', ...state.clusters.flatMap((c) => c.nodes.map((n) => n.name))];
    throw new Error(`no lab container "${name}" (known: ${known.join(', ')})`);
  }
  return node.container.name;
}

function dockerExec(container: string, argv: string[]): number {
  const interactive = process.stdin.isTTY ? ['-it'] : ['-i'];
  return spawnSync('docker', ['exec', ...interactive, container, ...argv], { stdio: 'inherit' }).status ?? 1;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      provider: { type: 'string' },
      spec: { type: 'string' },
      cluster: { type: 'string' },
      session: { type: 'string' },
      'again-after': { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.provider) process.env['LAB_PROVIDER'] = values.provider;
  if (values.spec) process.env['LAB_SPEC'] = values.spec;
  const [command = 'run', ...rest] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  switch (command) {
    case 'run': {
      const startedAt = new Date();
      await rm(MEASUREMENTS_DIR, { recursive: true, force: true });
      const lab = await bringUp();
      try {
        await saveMeta(runMeta(lab.state, await labVersions(lab), startedAt));
        console.log(await describeLab(lab));
        const victim = values.cluster ?? lab.clusterNames[0]!;
        log(`deleting cluster ${victim} while the client probes the VIP at 50 new connections/s...`);
        const report = await measureDisruption(lab, abruptDeletion(lab, victim));
        await recordMeasurement('abrupt-deletion', report);
        console.log(`failover: ${formatDisruption(report)}`);
        console.log(await describeLab(lab));
        log(`reports: ${(await writeReports()).join(', ')} in reports/`);
      } finally {
        if (values.keep) log(`--keep: lab left running (npm run lab -- down)`);
        else await takeDown(lab.state);
      }
      return 0;
    }
    case 'up': {
      const lab = await bringUp();
      console.log(await describeLab(lab));
      log('lab running: `npm run lab -- shell client`, `npm run lab -- vtysh`, `npm run lab -- down`');
      return 0;
    }
    case 'status':
      console.log(await describeLab(new Lab(await readState())));
      return 0;
    case 'down':
      await takeDown(await readState());
      return 0;
    case 'cleanup': {
      // Providers first: kind nodes on a lab network keep docker from removing it.
      await Promise.all(Object.values(PROVIDERS).map((p) => p.cleanup(values.session)));
      let removed = await removeLabResources(values.session);
      const againAfter = Number(values['again-after'] ?? 0);
      if (againAfter > 0) {
        await new Promise((r) => setTimeout(r, againAfter));
        const more = await removeLabResources(values.session);
        removed = { containers: [...removed.containers, ...more.containers], networks: [...removed.networks, ...more.networks] };
      }
      await rm(STATE_FILE, { force: true });
      log(`removed ${removed.containers.length} container(s) [${removed.containers.join(' ')}] and ${removed.networks.length} network(s) [${removed.networks.join(' ')}]`);
      return 0;
    }
    case 'shell': {
      const [name = 'client'] = rest;
      return dockerExec(containerFor(await readState(), name), ['bash']);
    }
    case 'vtysh': {
      const state = await readState();
      return dockerExec(state.router.name, rest.length > 0 ? ['vtysh', '-c', rest.join(' ')] : ['vtysh']);
    }
    case 'diagnose': {
      const [dir = 'reports/diagnostics'] = rest;
      const files = await collectDiagnostics(new Lab(await readState()), dir);
      log(`wrote ${files.length} files to ${dir}`);
      return 0;
    }
    case 'plan':
      console.log(await renderPlan(await loadSpec(), providerByName()));
      return 0;
    case 'images': {
      const images = await ensureLabImages(log);
      console.log(Object.entries(images).map(([k, v]) => `${k}: ${v}`).join('\n'));
      return 0;
    }
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`error: ${error.message}`);
    process.exit(1);
  },
);
