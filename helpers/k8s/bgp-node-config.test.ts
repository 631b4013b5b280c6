// CiliumBGPNodeConfig status into the read model, on the recorded kind01-worker
// objects (peer 10.20.0.101, AS 65001) and on hand-made variations.
import { describe, expect, it } from 'vitest';
import { bgpNodeConfigToNeighbors } from './bgp-node-config.ts';
import { recorded } from './recorded-api-server.ts';

function nodeConfig(status: unknown): unknown {
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumBGPNodeConfig', metadata: { name: 'kind01-worker' }, spec: { bgpInstances: [] }, ...(status === undefined ? {} : { status }) };
}

describe('bgpNodeConfigToNeighbors', () => {
  it('reads an active peer with no route counts yet', () => {
    expect(bgpNodeConfigToNeighbors(recorded('bgpnodeconfig-kind01-worker-active.json'))).toStrictEqual([
      { address: '10.20.0.101', remoteAs: 65001, state: 'Active', prefixesReceived: 0 },
    ]);
  });

  it("reads an established peer and its ipv4/unicast received count", () => {
    expect(bgpNodeConfigToNeighbors(recorded('bgpnodeconfig-kind01-worker-established.json'))).toStrictEqual([
      { address: '10.20.0.101', remoteAs: 65001, state: 'Established', prefixesReceived: 4 },
    ]);
  });

  it('gives no neighbours before the agent has written a status', () => {
    expect(bgpNodeConfigToNeighbors(nodeConfig(undefined))).toStrictEqual([]);
    expect(bgpNodeConfigToNeighbors(nodeConfig({}))).toStrictEqual([]);
    expect(bgpNodeConfigToNeighbors(nodeConfig({ bgpInstances: [{ name: 'instance-65101', localASN: 65101 }] }))).toStrictEqual([]);
  });

  it('lists the peers of every instance, counts only ipv4/unicast, and maps every state spelling', () => {
    const obj = nodeConfig({
      bgpInstances: [
        {
          name: 'a',
          peers: [
            {
              name: 'p1',
              peerAddress: '10.20.0.101',
              peerASN: 65001,
              peeringState: 'established',
              routeCount: [
                { afi: 'ipv4', safi: 'unicast', received: 3, advertised: 1 },
                { afi: 'ipv6', safi: 'unicast', received: 7, advertised: 1 },
                { afi: 'ipv4', safi: 'multicast', received: 9 },
              ],
            },
            { name: 'p2', peerAddress: '10.20.0.102', peerASN: 65002, peeringState: 'open_sent' },
          ],
        },
        { name: 'b', peers: [{ name: 'p3', peerAddress: 'fd00::1' }] },
      ],
    });
    expect(bgpNodeConfigToNeighbors(obj)).toStrictEqual([
      { address: '10.20.0.101', remoteAs: 65001, state: 'Established', prefixesReceived: 3 },
      { address: '10.20.0.102', remoteAs: 65002, state: 'OpenSent', prefixesReceived: 0 },
      // No peerASN and no peeringState yet.
      { address: 'fd00::1', remoteAs: 0, state: 'Unknown', prefixesReceived: 0 },
    ]);
  });

  it('names the object and the field when the status is malformed', () => {
    expect(() => bgpNodeConfigToNeighbors(nodeConfig({ bgpInstances: [{ name: 'a', peers: [{ name: 'p1', peeringState: 'active' }] }] }))).toThrow(
      'CiliumBGPNodeConfig kind01-worker: status.bgpInstances[0].peers[0].peerAddress is missing (got undefined)',
    );
    expect(() => bgpNodeConfigToNeighbors(nodeConfig({ bgpInstances: 'x' }))).toThrow('CiliumBGPNodeConfig kind01-worker: status.bgpInstances is not a list: "x"');
    expect(() => bgpNodeConfigToNeighbors('nope')).toThrow('CiliumBGPNodeConfig: expected an object, got "nope"');
  });
});
