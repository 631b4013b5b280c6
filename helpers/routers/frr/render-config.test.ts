import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { routerSysctls } from './router.ts';
import reference from '../../../fixtures/reference-lab.ts';
import { frrConfigValues, renderFrrFiles } from './render-config.ts';
import { renderTemplate } from './template.ts';

// UPDATE_GOLDEN=1 rewrites the golden file from the current renderer; review the diff before committing.
const GOLDEN = 'frr-configs/golden/reference-lab.frr.conf';

describe('router frr.conf rendered from the reference lab', () => {
  it('matches the golden file', async () => {
    const rendered = (await renderFrrFiles(reference))['frr.conf'];
    if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(GOLDEN, rendered);
    expect(rendered).toBe(await readFile(GOLDEN, 'utf8'));
  });

  it('has the ECMP settings and one peer group per cluster, joined by its network', async () => {
    const conf = (await renderFrrFiles(reference))['frr.conf'];
    expect(conf).toContain('router bgp 65001\n bgp router-id 10.0.255.11\n');
    expect(conf).toContain(' bgp bestpath as-path multipath-relax\n');
    expect(conf).toContain('  maximum-paths 10\n');
    expect(conf).toContain(' neighbor kind01 remote-as 65101\n');
    expect(conf).toContain(' neighbor kind02 remote-as 65102\n');
    expect(conf).toContain(' neighbor kind01 timers 3 9\n');
    // Dynamic neighbours: no node address in the config, so a recreated cluster with other addresses still peers.
    expect(conf).toContain(' bgp listen range 10.20.0.0/16 peer-group kind01\n');
    expect(conf).toContain(' bgp listen range 172.20.0.0/16 peer-group kind02\n');
    for (const node of ['10.20.0.2', '10.20.0.3', '172.20.0.2', '172.20.0.3']) expect(conf).not.toContain(node);
    for (const net of ['192.168.20.0/24', '10.20.0.0/16', '172.20.0.0/16']) expect(conf).toContain(`  network ${net}\n`);
  });

  it('accepts from each cluster only pool host routes with its own ASN, sends it nothing, and caps its prefixes', async () => {
    const conf = (await renderFrrFiles(reference))['frr.conf'];
    // Pool 172.30.0.10-172.30.0.20 as the fewest blocks, host routes only.
    for (const entry of ['seq 5 permit 172.30.0.10/31 ge 32', 'seq 10 permit 172.30.0.12/30 ge 32', 'seq 15 permit 172.30.0.16/30 ge 32', 'seq 20 permit 172.30.0.20/32']) {
      expect(conf).toContain(`ip prefix-list LAB-FROM-CLUSTERS ${entry}\n`);
    }
    expect(conf).toContain('bgp as-path access-list FROM-kind01 permit ^65101$\n');
    expect(conf).toContain('route-map FROM-kind02 permit 10\n match ip address prefix-list LAB-FROM-CLUSTERS\n match as-path FROM-kind02\nexit\n');
    expect(conf).toContain('route-map TO-CLUSTERS deny 10\n');
    expect(conf).toContain('  neighbor kind01 route-map FROM-kind01 in\n  neighbor kind01 route-map TO-CLUSTERS out\n  neighbor kind01 maximum-prefix 8\n');
    expect(conf).not.toContain('ACCEPT-ALL');
  });

  it('renders the write-up\'s accept-all when the spec asks for it, and what it allows besides the pool', async () => {
    const acceptAll = (await renderFrrFiles({ ...reference, router: { ...reference.router, policy: { mode: 'accept-all' } } }))['frr.conf'];
    expect(acceptAll).toContain('route-map ACCEPT-ALL permit 10\nexit\n');
    expect(acceptAll).toContain('  neighbor kind01 route-map ACCEPT-ALL in\n  neighbor kind01 route-map ACCEPT-ALL out\n');
    expect(acceptAll).not.toContain('maximum-prefix');
    const allowed = (await renderFrrFiles({ ...reference, router: { ...reference.router, policy: { mode: 'reference', allow: ['10.96.0.0/16 le 32', '10.97.0.0/16 ge 24 le 28'], maximumPrefixes: 4 } } }))['frr.conf'];
    expect(allowed).toContain('ip prefix-list LAB-FROM-CLUSTERS seq 25 permit 10.96.0.0/16 le 32\n');
    expect(allowed).toContain('ip prefix-list LAB-FROM-CLUSTERS seq 30 permit 10.97.0.0/16 ge 24 le 28\n');
    expect(allowed).toContain('  neighbor kind02 maximum-prefix 4\n');
  });

  it('follows the spec for maximum-paths', async () => {
    const conf = (await renderFrrFiles({ ...reference, router: { ...reference.router, maximumPaths: 1 } }))['frr.conf'];
    expect(conf).toContain('  maximum-paths 1\n');
  });

  it('installs ECMP routes inline when the spec turns kernel next-hop objects off, and sets the sysctl it asks for', async () => {
    const router = { ...reference.router, forwarding: { nexthopObjects: false, fibMultipathUseNeigh: true } };
    const conf = (await renderFrrFiles({ ...reference, router }))['frr.conf'];
    expect(conf).toContain('\nno zebra nexthop kernel enable\n');
    expect(routerSysctls(router)['net.ipv4.fib_multipath_use_neigh']).toBe('1');
    expect(routerSysctls(reference.router)).toStrictEqual({
      'net.ipv4.ip_forward': '1', 'net.ipv4.fib_multipath_hash_policy': '1', 'net.ipv4.fib_multipath_use_neigh': '0',
    });
    expect(routerSysctls({ ...reference.router, forwarding: undefined })['net.ipv4.fib_multipath_use_neigh']).toBe('0');
  });

  it('follows the cluster networks, not the node addresses or count', () => {
    const spec = { ...reference, clusters: [{ ...reference.clusters[0]!, nodes: 3, nodeAddresses: ['10.20.0.7', '10.20.0.9', '10.20.0.11'] }, reference.clusters[1]!] };
    expect(frrConfigValues(spec)['peerGroups']).toBe(frrConfigValues(reference)['peerGroups']);
  });
});

describe('renderTemplate', () => {
  it('replaces placeholders and drops lines rendered empty', () => {
    expect(renderTemplate('a {{x}}\n{{y}}\nb\n', { x: 1, y: '' }, 't')).toBe('a 1\nb\n');
  });
  it('names the template and the placeholder that has no value', () => {
    expect(() => renderTemplate('{{missing}}', { x: 1 }, 'frr.conf.tmpl')).toThrow('template frr.conf.tmpl: no value for {{missing}}');
  });
  it('refuses values the template never uses (template and renderer drifted apart)', () => {
    expect(() => renderTemplate('{{x}}', { x: 1, stale: 2 }, 'frr.conf.tmpl')).toThrow('never uses {{stale}}');
  });
});
