// The lab's command line: `npm run lab -- <command>`.
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { LabState } from '../model/state.ts';
import { PROVIDERS, providerByName } from '../providers/registry.ts';
import { ensureLabImages } from '../docker/images.ts';
import { settingsProblems } from '../lab/preflight.ts';
import { liveState } from '../lab/live-state.ts';
import { defaultBaselinePath, lastRunResults, readResultsFile, saveBaseline } from '../lab/baseline.ts';
import { Lab } from '../lab/lab.ts';
import { LabSession, chooseLab } from '../lab/session.ts';
import { LabStateStore } from '../lab/state-store.ts';

import { cleanupLabs, stopLab } from '../lab/cleanup.ts';
import { waitUntilConverged } from '../lab/readiness.ts';
import { abruptDeletion } from '../lab/disruption-plans.ts';
import { collectDiagnostics } from '../lab/diagnostics.ts';
import { measureDisruption } from '../measure/disruption.ts';
import { formatDisruption } from '../report/format.ts';
import { recordMeasurement } from '../report/measurements.ts';
import { thisRunFolder } from '../report/run-folder.ts';
import { describeLab } from './summary.ts';
import { renderPlan } from './plan.ts';

const USAGE = `usage: npm run lab -- [command] [options]

commands:
  run            (default) bring the lab up, check it, delete a cluster while
                 the client probes, print a summary, take the lab down
  up             bring the lab up, wait until it converged, print a summary, keep it running
  status         summary of the running lab
  down           take the running lab down
  cleanup        remove every container and network any lab run left behind
                 (--session ID: only that run's)
  shell NAME [CMD...]
                 a shell in a lab container (router, client, or a node name like kind01-worker),
                 or one command in it: shell kind01-worker gobgp neighbor
  router [CMD]   the router's own shell (FRR: vtysh), or one command in it, as words or with vtysh's
                 own -c: router show bgp summary, router -c "show bgp summary" -c "show ip route";
                 vtysh is the same
  diagnose [DIR] collect router, speaker and cluster diagnostics of the running lab (default: the running lab's report folder)
  baseline save [PATH]
                 keep the last \`npm test\` run's results as the baseline later runs are
                 compared with (default baselines/<spec>-<provider>.json; LAB_BASELINE picks another)
  schema-drift   compare each live cluster's Cilium CRDs with the schemas the lab checks manifests
                 against (fixtures/cilium-schemas/); exit 1 naming every field that drifted
  plan           print what the lab would run (router config, per-node speaker configs), run nothing
  images         build the lab's images (done on demand by run and up)

options:
  --provider NAME   cluster provider (${Object.keys(PROVIDERS).join(', ')}; env LAB_PROVIDER; default emulated)
  --spec PATH       lab spec module (env LAB_SPEC; default fixtures/reference-lab.ts)
  --cluster NAME    cluster to delete in \`run\` (default: the spec's first)
  --keep            \`run\`: leave the lab running afterwards
  --session ID      \`cleanup\`: only this session`;

const log = (line: string) => console.log(`[lab] ${line}`);

/** Brings a lab up and waits until it converged; a lab that never converges is removed. */
async function bringUp(): Promise<LabSession> {
  const session = await LabSession.start({ log, exitOnSignal: true });
  try {
    const waited = await waitUntilConverged(session.lab);
    log(`sessions Established after ${waited.sessionsMs} ms, VIP on every next hop after ${waited.vipMs} ms`);
  } catch (error) {
    await session.stop({ failed: true });
    throw error;
  }
  return session;
}

async function takeDown(store: LabStateStore): Promise<void> {
  const state = store.read();
  await stopLab(state.session, providerByName(state.provider), log);
  store.remove();
  log(`lab session ${state.session} removed`);
}

function containerFor(state: LabState, name: string): string {
  if (name === 'router' || name === state.lab.spec.router.name) return state.router.name;
  if (name === 'client' || name === state.lab.spec.client.name) return state.client.name;
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

/** Commands whose arguments go to a program in a container as they are (`vtysh -c ...`, `shell client ip route`). */
const PASS_THROUGH = ['shell', 'router', 'vtysh'];

/** The shell and router commands: arguments handed to the program in the container as they are. */
async function passThrough(command: string, args: readonly string[]): Promise<number> {
  const store = new LabStateStore();
  const state = await liveState(store);
  if (command === 'shell') {
    const [name = 'client', ...program] = args;
    return dockerExec(containerFor(state, name), program.length > 0 ? program : ['bash']);
  }
  const lab = Lab.open(store);
  // vtysh's own form (-c, several allowed) goes through as it is; words are one command.
  const argv = args[0]?.startsWith('-') ? [...lab.router.cliArgv().slice(0, 1), ...args] : lab.router.cliArgv(args.length > 0 ? args.join(' ') : undefined);
  return dockerExec(lab.router.container.name, argv);
}

async function main(argv: string[]): Promise<number> {
  // `router -c "show bgp summary"` or `shell kind01-worker gobgp neighbor`: what follows the command (and, for
  // shell, the container's name) is the program's own arguments, not ours.
  if (PASS_THROUGH.includes(argv[0] ?? '') && !argv.slice(1).some((a) => a === '--help' || a === '-h')) {
    return passThrough(argv[0]!, argv.slice(1));
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      provider: { type: 'string' },
      spec: { type: 'string' },
      cluster: { type: 'string' },
      session: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  // Through the environment, so a detached cleanup or a vitest run started from here sees the same choice.
  if (values.provider) process.env['LAB_PROVIDER'] = values.provider;
  if (values.spec) process.env['LAB_SPEC'] = values.spec;
  const [command = 'run', ...rest] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // What starts or plans a lab checks its settings first; cleanup, down and the like work whatever they are.
  if (['run', 'up', 'plan'].includes(command)) {
    const problems = settingsProblems();
    if (problems.length > 0) {
      for (const p of problems) console.error(`error: ${p}`);
      return 2;
    }
  }
  const store = new LabStateStore();
  switch (command) {
    case 'run': {
      const session = await bringUp();
      let failed = true;
      try {
        const lab = session.lab;
        console.log(await describeLab(lab));
        const victim = values.cluster ?? lab.clusterNames[0]!;
        log(`deleting cluster ${victim} while the client probes the VIP at 50 new connections/s...`);
        const report = await measureDisruption(lab, await abruptDeletion(lab, victim));
        await recordMeasurement('abrupt-deletion', report);
        console.log(`failover: ${formatDisruption(report)}`);
        console.log(await describeLab(lab));
        failed = false;
      } finally {
        await session.stop({ failed, keep: values.keep });
      }
      return 0;
    }
    case 'up': {
      const session = await bringUp();
      session.leaveRunning();
      console.log(await describeLab(session.lab));
      log('lab running: `npm run lab -- shell client`, `npm run lab -- router`, `npm run lab -- down`');
      return 0;
    }
    case 'status':
      await liveState(store);
      console.log(await describeLab(Lab.open(store)));
      return 0;
    case 'down':
      await takeDown(store);
      return 0;
    case 'cleanup': {
      const removed = await cleanupLabs(values.session);
      store.remove();
      log(`removed ${removed.containers.length} container(s) [${removed.containers.join(' ')}] and ${removed.networks.length} network(s) [${removed.networks.join(' ')}]`);
      return 0;
    }
    case 'shell':
    case 'router':
    case 'vtysh':
      console.log(USAGE);
      return 0;
    case 'diagnose': {
      const state = await liveState(store);
      // A lab started without reports (the bench) has no folder: a new one, never another run's.
      const [dir = join(state.reportsDir ?? thisRunFolder(), 'diagnostics')] = rest;
      const files = await collectDiagnostics(Lab.open(store), dir);
      log(`wrote ${files.length} files to ${dir}`);
      return 0;
    }
    case 'schema-drift': {
      await liveState(store);
      const lab = Lab.open(store);
      if (!lab.provider.schemaDrift) {
        log(`the ${lab.provider.name} provider has no API server whose CRDs could drift: nothing to compare`);
        return 0;
      }
      const drift = (await Promise.all(lab.liveClusters.map((c) => lab.provider.schemaDrift!(lab.state, c)))).flat();
      for (const line of drift) console.error(`drift: ${line}`);
      log(drift.length === 0 ? `the clusters' Cilium CRDs match fixtures/cilium-schemas/ (${lab.liveClusters.join(', ')})` : `${drift.length} difference(s): regenerate the schemas with npm run crd-schemas from the release's CRDs`);
      return drift.length === 0 ? 0 : 1;
    }
    case 'plan':
      console.log(await renderPlan(await chooseLab()));
      return 0;
    case 'baseline': {
      const [action, target] = rest;
      if (action !== 'save') {
        console.error(`usage: npm run lab -- baseline save [path]   (saves ${lastRunResults()} of the last npm test run; default path ${defaultBaselinePath('<spec>', '<provider>')})`);
        return 2;
      }
      const results = await readResultsFile(lastRunResults());
      const path = await saveBaseline(results, target);
      const versions = Object.entries(results.meta.versions).map(([k, v]) => `${k} ${v}`).join(', ');
      log(`baseline saved: ${path} (${results.meta.provider}; ${versions}; ${Object.keys(results.measurements).length} measurements, ${Object.keys(results.scenarios ?? {}).length} scenario tests)`);
      const fallback = defaultBaselinePath(results.meta.spec, results.meta.provider);
      log(path === fallback ? '`npm test` compares with it from now on (LAB_BASELINE=none to skip)' : `compare with it: LAB_BASELINE=${path} npm test`);
      return 0;
    }
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
