// The safety rule, checked on the running lab: nothing can leave the lab
// through a docker gateway. The router and the client have an `unreachable`
// default; every cluster node's default goes to the lab router (the same
// routes on every provider: model/node-routes.ts), where it ends. A lookup
// (`ip route get`) sends no packet; it only asks the kernel where a packet would go.
import { describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { execIn } from '../helpers/docker/exec.ts';
import { clusterOf } from '../helpers/model/resolve.ts';

const lab = await useLab();
// An address outside every lab network (TEST-NET-3, never routed on the Internet either).
const OUTSIDE = '203.0.113.1';
// Named by role and spec name, not by container or address: a copy of the lab (model/placement.ts) has other ones.
const ends = [[`router ${lab.spec.router.name}`, lab.state.router.name], [`client ${lab.spec.client.name}`, lab.state.client.name]] as const;
const nodes = lab.state.clusters.flatMap((c) => c.nodes.map((n) => [`${c.name} node ${n.name}`, n.container.name, clusterOf(lab.state.lab, c.name).routerAddress] as const));

describe('the lab is sealed', () => {
  it.each(ends)('%s has an unreachable default route and no way out', async (_, container) => {
    const defaults = await execIn(container, ['ip', '-4', 'route', 'show', 'default']);
    expect(defaults.stdout.trim(), `${container}: ip -4 route show default`).toBe('unreachable default');
    const lookup = await execIn(container, ['ip', '-4', 'route', 'get', OUTSIDE]);
    expect(lookup.exitCode, `ip route get ${OUTSIDE} answered: ${lookup.stdout}${lookup.stderr}`).not.toBe(0);
    // An `unreachable` route answers EHOSTUNREACH ("No route to host"); a gateway would answer "via ...".
    expect(lookup.stderr, `${container}: ip route get ${OUTSIDE}`).toMatch(/No route to host|unreachable/i);
  });

  it.each(nodes)('%s sends everything beyond the lab to the router, nowhere else', async (_, container, router) => {
    const defaults = await execIn(container, ['ip', '-4', 'route', 'show', 'default']);
    expect(defaults.stdout.trim().split('\n'), `${container}: the node's default routes (to the router ${router})`).toEqual([expect.stringMatching(new RegExp(`^default via ${router.replaceAll('.', '\\.')} `))]);
    const lookup = await execIn(container, ['ip', '-4', 'route', 'get', OUTSIDE]);
    expect(lookup.stdout, `${container}: ip route get ${OUTSIDE}`).toContain(`via ${router} `);
  });

  it('every container the lab made has only the capabilities its role needs (never --privileged)', async () => {
    const containers = await lab.capabilities();
    // The router and the client at least (emulated nodes and a rogue carry the session too; kind's nodes are kind's).
    expect(containers.map((c) => c.name), 'containers docker lists for this session').toEqual(expect.arrayContaining([lab.state.router.name, lab.state.client.name]));
    expect(containers.filter((c) => c.expected === undefined).map((c) => `${c.name} (${c.role || 'no role'})`), 'containers of a role CAPABILITIES does not know').toEqual([]);
    const wrong = containers.filter((c) => JSON.stringify(c.added) !== JSON.stringify(c.expected ?? []))
      .map((c) => `${c.name} (${c.role}): added ${c.added.join(', ') || 'none'}, expected ${c.expected?.join(', ') || 'none'}`);
    expect(wrong, 'containers with other capabilities than docker/lab-container.ts CAPABILITIES gives their role').toEqual([]);
  });
});
