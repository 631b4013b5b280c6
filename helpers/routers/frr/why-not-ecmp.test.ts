// On FRR 10.3 recordings of the reference lab, with and without
// `bgp bestpath as-path multipath-relax` in its template.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFrrBgpRoute } from './parse.ts';
import { whyNotEcmp } from './why-not-ecmp.ts';

const VIP = '172.30.0.10/32';
const rec = (file: string) => readFileSync(`fixtures/recorded/frr-10.3/${file}`, 'utf8');

describe('whyNotEcmp', () => {
  it('names the missing multipath-relax when paths from two ASes are not all multipath', () => {
    const route = parseFrrBgpRoute(rec('bgp-vip-no-multipath-relax.json'), VIP);
    expect(route.paths.filter((p) => p.multipath)).toHaveLength(2);
    const [cause, ...more] = whyNotEcmp(rec('running-config-no-multipath-relax.txt'), route, 4);
    expect(cause).toMatch(/^the router's config has no `bgp bestpath as-path multipath-relax`/);
    expect(cause).toContain('(65101 / 65102)');
    expect(more).toEqual([]);
  });

  it('finds nothing in the reference config', () => {
    expect(whyNotEcmp(rec('running-config.txt'), parseFrrBgpRoute(rec('bgp-vip.json'), VIP), 4)).toEqual([]);
  });

  it('names a maximum-paths below the expected next hops', () => {
    const config = rec('running-config.txt').replace('maximum-paths 10', 'maximum-paths 2');
    expect(whyNotEcmp(config, parseFrrBgpRoute(rec('bgp-vip.json'), VIP), 4)).toEqual([
      "the router's `maximum-paths 2` (address-family ipv4 unicast; spec router.maximumPaths) caps the route at 2 next hops, the lab expects 4",
    ]);
  });

  // FRR writes `maximum-paths N` only when N differs from its build's default (bgpd
  // bgp_config_write_maxpaths): an absent line is no cause, or a correct lab would fail at once.
  it('takes no maximum-paths line for no cause', () => {
    const config = rec('running-config.txt').replace(/^\s*maximum-paths 10\n/m, '');
    expect(config).not.toContain('maximum-paths');
    expect(whyNotEcmp(config, parseFrrBgpRoute(rec('bgp-vip.json'), VIP), 4)).toEqual([]);
  });
});
