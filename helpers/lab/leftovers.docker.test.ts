// Leftovers against a real Docker engine: a session whose owner process is gone
// (kill -9) is removed by the next run, which says so; a session whose owner
// lives stops the next run of the same lab, naming it, and is left untouched.
import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { clearLeftovers } from './leftovers.ts';
import { runtime } from '../docker/runtime.ts';
import { LABEL_DIR, LABEL_GUARDIAN, LABEL_LAB, LABEL_OWNER, LABEL_ROLE, LABEL_SESSION, LABEL_SINCE } from '../docker/labels.ts';
import { currentOwner } from '../exec/owner.ts';

const LAB = 'leftovertest';
let child: ChildProcess | undefined;

async function network(session: string, owner: string): Promise<string> {
  const client = await runtime();
  const name = `${LAB}-${session}`;
  await client.network.create({
    Name: name,
    Driver: 'bridge',
    Labels: { [LABEL_SESSION]: session, [LABEL_LAB]: LAB, [LABEL_ROLE]: 'network', [LABEL_OWNER]: owner, [LABEL_DIR]: '/nowhere', [LABEL_SINCE]: '2026-11-27T04:00:00.000Z', [LABEL_GUARDIAN]: currentOwner() },
  });
  return name;
}

async function exists(name: string): Promise<boolean> {
  const client = await runtime();
  return (await client.container.dockerode.listNetworks({ filters: { name: [name] } })).some((n) => n.Name === name);
}

afterAll(async () => {
  child?.kill('SIGKILL');
  const client = await runtime();
  for (const n of await client.container.dockerode.listNetworks({ filters: { label: [`${LABEL_LAB}=${LAB}`] } })) {
    await client.container.dockerode.getNetwork(n.Id).remove().catch(() => {});
  }
});

describe('a run finds what earlier runs left in docker', () => {
  it("removes a killed run's leftovers by itself and says so", async () => {
    // A process that existed and is gone: its pid is free (or reused by something that is not a lab).
    const dead = spawn('true');
    await new Promise((r) => dead.on('exit', r));
    const name = await network('killed-1', `${hostname()}:${dead.pid}`);
    const lines: string[] = [];
    await clearLeftovers(LAB, (l) => lines.push(l));
    expect(await exists(name), 'the killed run\'s network').toBe(false);
    expect(lines.join('\n')).toContain(`removed the leftovers of session killed-1 (lab "${LAB}", its process ${hostname()}:${dead.pid} is gone): 0 containers, 1 networks`);
  });

  it('stops when the same lab runs in a live process, naming it, and touches nothing', async () => {
    child = spawn('sleep', ['60']);
    const name = await network('alive-1', `${hostname()}:${child.pid}`);
    await expect(clearLeftovers(LAB, () => {})).rejects.toThrow(`lab "${LAB}" is already running: session alive-1, started 2026-11-27T04:00:00.000Z from /nowhere by ${hostname()}:${child.pid}`);
    expect(await exists(name), 'the running lab\'s network').toBe(true);
  });
});
