// Two labs side by side (copies of the reference lab, model/placement.ts), one
// of them held by another process that is killed with SIGKILL while its lab
// runs: the other lab keeps working untouched, the next lab to start removes
// what the killed one left (its owner is gone) and says so, and once the
// surviving labs stop nothing of any of them is left on the docker host.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabSession } from './session.ts';
import { LabStateStore } from './state-store.ts';
import { runtime } from '../docker/runtime.ts';
import { LABEL_SESSION } from '../docker/labels.ts';
import { currentOwner } from '../exec/owner.ts';
import { witnessedProbe } from '../measure/router-capture.ts';
import { NO_LOSS_TIMEOUT_MS } from '../measure/disruption.ts';

const sessions: LabSession[] = [];
let dir = '';

/** The containers (with their state) and networks docker holds for one session. */
async function sessionResources(session: string): Promise<{ containers: { name: string; state: string }[]; networks: string[] }> {
  const docker = (await runtime()).container.dockerode;
  const filters = { label: [`${LABEL_SESSION}=${session}`] };
  const [containers, networks] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters })]);
  return { containers: containers.map((c) => ({ name: c.Names[0]!.replace(/^\//, ''), state: c.State })), networks: networks.map((n) => n.Name) };
}

async function startHere(name: string, log: (line: string) => void = () => {}): Promise<LabSession> {
  const session = await LabSession.start({ log, store: new LabStateStore(join(dir, `${name}.json`)), reportsDir: join(dir, name), reports: false, sideBySide: true });
  sessions.push(session);
  return session;
}

/** Starts the holder process and waits for its lab: its copy and session. */
async function holdInAnotherProcess(): Promise<{ kill: () => Promise<void>; copy: string; session: string }> {
  // This worker answers for what the killed holder leaves: labs starting beside the test leave it to this one.
  const child = spawn(process.execPath, ['fixtures/processes/hold-lab.ts', join(dir, 'held.json'), join(dir, 'held')], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LAB_GUARDIAN: currentOwner() } });
  let output = '';
  child.stderr.on('data', (d) => { output += String(d); });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const held = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      output += String(d);
      const line = /^held (\S+) (\S+)$/m.exec(output);
      if (line) resolve(line[0]);
    });
    void exited.then(() => reject(new Error(`the holding process ended before its lab was up:\n${output}`)));
  });
  const [, copy, session] = held.split(' ');
  return { copy: copy!, session: session!, kill: async () => { child.kill('SIGKILL'); await exited; } };
}

afterAll(async () => {
  for (const s of sessions) await s.stop().catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('two labs side by side, one killed mid-run', () => {
  it('leaves the other untouched, and nothing of either behind once the next lab started and both stopped', async () => {
    dir = await mkdtemp(join(tmpdir(), 'side-by-side-'));
    const kept = await startHere('kept');
    const held = await holdInAnotherProcess();
    expect(held.copy, 'the two labs are different copies').not.toBe(kept.lab.state.lab.placement.name);
    expect((await sessionResources(held.session)).containers.length, 'the held lab\'s containers').toBeGreaterThan(0);

    await held.kill();

    // The lab beside it runs on: every container up, every session Established, every request answered.
    const keptSession = kept.lab.state.session;
    expect((await sessionResources(keptSession)).containers.filter((c) => c.state !== 'running'), 'the kept lab\'s containers not running').toEqual([]);
    expect((await kept.lab.routerNeighbors()).filter((n) => n.state !== 'Established').map((n) => `${n.address} ${n.state}`), 'the kept lab\'s BGP sessions not Established').toEqual([]);
    const probe = await witnessedProbe(kept.lab, { count: 20, rate: 50, timeoutMs: NO_LOSS_TIMEOUT_MS });
    expect(probe.confirmed.map((s) => s.error), 'the kept lab\'s failed requests').toEqual([]);

    // The killed process left its lab behind; the next lab to start removes it, saying so.
    expect((await sessionResources(held.session)).containers.length, 'the killed lab\'s containers, before the next start').toBeGreaterThan(0);
    const lines: string[] = [];
    const next = await startHere('next', (line) => lines.push(line));
    expect(lines.filter((l) => l.includes(`removed the leftovers of session ${held.session}`)), `the next start's log:\n${lines.join('\n')}`).toHaveLength(1);
    expect(await sessionResources(held.session), 'the killed lab after the next start').toEqual({ containers: [], networks: [] });

    for (const s of [kept, next]) await s.stop();
    for (const s of [keptSession, next.lab.state.session]) expect(await sessionResources(s), `session ${s} after its stop`).toEqual({ containers: [], networks: [] });
  });
});
