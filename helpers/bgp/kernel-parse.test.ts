// `ip -j -4 route show <prefix>` parser against the router's recorded kernel view.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIpRouteJson } from './kernel-parse.ts';

const VIP = '172.30.0.10/32';

function recorded(version: string, file: string): string {
  return readFileSync(`fixtures/recorded/${version}/${file}`, 'utf8');
}

const byAddress = (a: { address: string }, b: { address: string }) => a.address.localeCompare(b.address);

describe.each(['frr-8.4', 'frr-10.3'])('parseIpRouteJson on %s recordings', (version) => {
  it('reads the VIP: protocol bgp, installed, 4 next hops with their devices', () => {
    const route = parseIpRouteJson(recorded(version, 'ip-route-vip.json'), VIP);
    expect(route).toMatchObject({ prefix: VIP, protocol: 'bgp', installed: true });
    expect([...route!.nextHops].sort(byAddress)).toStrictEqual([
      { address: '10.20.0.2', interface: 'eth1', active: true },
      { address: '10.20.0.3', interface: 'eth1', active: true },
      { address: '172.20.0.2', interface: 'eth2', active: true },
      { address: '172.20.0.3', interface: 'eth2', active: true },
    ]);
  });

  it('is undefined for a prefix the kernel does not have ([])', () => {
    expect(parseIpRouteJson(recorded(version, 'ip-route-missing.json'), '172.31.255.1/32')).toBeUndefined();
  });
});

describe('parseIpRouteJson on hand-written input', () => {
  it('reads a single-path route: gateway and dev at top level, no nexthops array', () => {
    const text = JSON.stringify([{ dst: '172.30.0.10', gateway: '172.20.0.3', dev: 'eth2', protocol: 'bgp', metric: 20, flags: [] }]);
    expect(parseIpRouteJson(text, VIP)).toStrictEqual({
      prefix: VIP, protocol: 'bgp', installed: true, nextHops: [{ address: '172.20.0.3', interface: 'eth2', active: true }],
    });
  });

  it('marks a dead or linkdown next hop inactive, and keeps onlink ones active', () => {
    const text = JSON.stringify([{
      dst: '172.30.0.10', protocol: 'bgp', metric: 20, flags: [],
      nexthops: [
        { gateway: '10.20.0.2', dev: 'eth1', weight: 1, flags: ['dead'] },
        { gateway: '10.20.0.3', dev: 'eth1', weight: 1, flags: ['linkdown'] },
        { gateway: '172.20.0.2', dev: 'eth2', weight: 1, flags: ['onlink'] },
        { gateway: '172.20.0.3', dev: 'eth2', weight: 1 },
      ],
    }]);
    expect(parseIpRouteJson(text, VIP)!.nextHops).toStrictEqual([
      { address: '10.20.0.2', interface: 'eth1', active: false },
      { address: '10.20.0.3', interface: 'eth1', active: false },
      { address: '172.20.0.2', interface: 'eth2', active: true },
      { address: '172.20.0.3', interface: 'eth2', active: true },
    ]);
  });

  it('ignores non-unicast routes (a blackhole is no route to the VIP), and empty output', () => {
    expect(parseIpRouteJson(JSON.stringify([{ type: 'blackhole', dst: '172.30.0.10', protocol: 'bgp', flags: [] }]), VIP)).toBeUndefined();
    expect(parseIpRouteJson('', VIP)).toBeUndefined();
    expect(parseIpRouteJson('\n', VIP)).toBeUndefined();
  });

  it('rejects malformed output, quoting it', () => {
    expect(() => parseIpRouteJson('Error: any valid prefix is expected rather than "172.30.0.10/33".', VIP))
      .toThrow(/ip -j route show 172\.30\.0\.10\/32: not JSON .*Error: any valid prefix is expected/);
    expect(() => parseIpRouteJson('{"dst":"172.30.0.10"}', VIP)).toThrow('expected a JSON list, got {"dst":"172.30.0.10"}');
  });
});
