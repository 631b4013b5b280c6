// The safety rule, checked on the running lab: no lab container can send
// traffic out through the docker gateway. A lookup (`ip route get`) sends no
// packet; it only asks the container's kernel where a packet would go.
import { describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { execIn } from '../helpers/docker/exec.ts';

const lab = useLab();
const containers = [lab.state.router, lab.state.client, ...lab.state.clusters.flatMap((c) => c.nodes.map((n) => n.container))];
// An address outside every lab network (TEST-NET-3, never routed on the Internet either).
const OUTSIDE = '203.0.113.1';

describe('the lab is sealed', () => {
  it.each(containers.map((c) => [c.name, c] as const))('%s has an unreachable default route and no way out', async (_, container) => {
    const defaults = await execIn(container.name, ['ip', '-4', 'route', 'show', 'default']);
    expect(defaults.stdout.trim()).toBe('unreachable default');
    const lookup = await execIn(container.name, ['ip', '-4', 'route', 'get', OUTSIDE]);
    expect(lookup.exitCode, `ip route get ${OUTSIDE} answered: ${lookup.stdout}${lookup.stderr}`).not.toBe(0);
    // An `unreachable` route answers EHOSTUNREACH ("No route to host"); a gateway would answer "via ...".
    expect(lookup.stderr).toMatch(/No route to host|unreachable/i);
  });
});
