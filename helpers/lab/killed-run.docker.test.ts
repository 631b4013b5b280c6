// A run killed with SIGKILL at two points of bring-up, each reached by watching
// Docker, not by a delay that a busy machine turns into "before anything"
// (no handler runs, the process is just gone): the next run recognises the dead owner's leftovers,
// removes them, says so, and comes up by itself. Runs the real CLI with a lab of
// its own name, subnets, state file and reports folder, so a lab running beside
// it is not touched.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import reference from '../../fixtures/reference-lab.ts';
import type { LabSpec } from '../model/spec.ts';
import { runtime } from '../docker/runtime.ts';
import { LABEL_LAB, LABEL_SESSION } from '../docker/labels.ts';
import { currentOwner } from '../exec/owner.ts';

const LAB = 'killtest';
let dir = '';
let env: NodeJS.ProcessEnv = {};

function cli(args: string[]) {
  const child = spawn(process.execPath, ['helpers/cli/main.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += String(d); });
  child.stderr.on('data', (d) => { output += String(d); });
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, done, output: () => output };
}

interface LabResources { sessions: string[]; containers: number; networks: number; count: number }

async function labResources(): Promise<LabResources> {
  const docker = (await runtime()).container.dockerode;
  const filters = { label: [`${LABEL_LAB}=${LAB}`] };
  const [containers, networks] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters })]);
  const sessions = [...new Set([...containers.map((c) => c.Labels[LABEL_SESSION]!), ...networks.map((n) => n.Labels?.[LABEL_SESSION] ?? '')])].filter(Boolean);
  return { sessions, containers: containers.length, networks: networks.length, count: containers.length + networks.length };
}

/** Polls Docker until the lab's resources reach the point (a bring-up waits its turn behind other labs for a while). */
async function untilReached(point: (r: LabResources) => boolean, run: ReturnType<typeof cli>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  void run.done.then(() => (exited = true));
  while (!point(await labResources())) {
    if (exited) throw new Error(`the run ended before ${what}:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`the run did not reach ${what} within 60 s:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'killed-run-'));
  const manifests = join(dir, 'cilium');
  await cp(reference.manifestsDir, manifests, { recursive: true });
  for (const [cluster, from, to] of [['kind01', '10.20.0.101', '10.121.0.101'], ['kind02', '172.20.0.101', '172.121.0.101']] as const) {
    const file = join(manifests, cluster, 'bgp-cluster-config.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(`peerAddress: ${from}`, `peerAddress: ${to}`));
  }
  const spec: LabSpec = {
    ...reference,
    name: LAB,
    networks: [{ name: 'client', subnet: '192.168.121.0/24' }, { name: 'kind01', subnet: '10.121.0.0/16' }, { name: 'kind02', subnet: '172.121.0.0/16' }],
    router: { ...reference.router, interfaces: [
      { network: 'client', address: '192.168.121.101' }, { network: 'kind01', address: '10.121.0.101' }, { network: 'kind02', address: '172.121.0.101' },
    ] },
    client: { ...reference.client, address: '192.168.121.2', routes: ['10.121.0.0/16', '172.121.0.0/16', '172.30.0.0/16'] },
    clusters: [{ ...reference.clusters[0]!, peerAddress: '10.121.0.101' }, { ...reference.clusters[1]!, peerAddress: '172.121.0.101' }],
    manifestsDir: manifests,
  };
  await writeFile(join(dir, 'spec.ts'), `export default ${JSON.stringify(spec)};\n`);
  // This worker answers for what its killed runs leave: other labs starting beside the test leave it to the next run.
  env = { ...process.env, LAB_GUARDIAN: currentOwner(), LAB_SPEC: join(dir, 'spec.ts'), LAB_STATE_FILE: join(dir, 'state.json'), LAB_REPORTS_DIR: join(dir, 'reports'), LAB_PROVIDER: 'emulated' };
});

afterAll(async () => {
  await cli(['down']).done;
  await rm(dir, { recursive: true, force: true });
});

describe('a run killed with SIGKILL during bring-up', () => {
  const points: [string, (r: LabResources) => boolean][] = [
    ['its networks exist', (r) => r.networks > 0],
    ['its first container exists', (r) => r.containers > 0],
  ];
  it.each(points)('once %s: the next run removes what it left, says so, and comes up', async (what, point) => {
    const killed = cli(['up']);
    await untilReached(point, killed, what);
    killed.child.kill('SIGKILL');
    await killed.done;
    const left = await labResources();
    expect(left.count, 'what the killed run left (the kill landed mid-bring-up)').toBeGreaterThan(0);

    const next = cli(['up']);
    expect(await next.done, `the next run's output:\n${next.output()}`).toBe(0);
    expect(next.output()).toContain('VIP on every next hop after');
    for (const session of left.sessions) expect(next.output()).toContain(`removed the leftovers of session ${session} (lab "${LAB}"`);

    const down = cli(['down']);
    expect(await down.done, `down's output:\n${down.output()}`).toBe(0);
    expect((await labResources()).count, 'containers and networks of the lab after down').toBe(0);
  });
});
