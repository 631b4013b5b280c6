// The cluster waits against the recorded API: each route serves its "before"
// response first and its "after" one from then on, so a wait must poll to
// succeed. Failure cases shrink the named budget to about half a second.
import { afterEach, describe, expect, it } from 'vitest';
import { BUDGETS, type BudgetName, type BudgetOptions } from '../model/budgets.ts';
import { loadKubeConfig } from './kubeconfig.ts';
import { recorded, startRecordedApi, type RecordedApi, type RecordedResponse } from './recorded-api-server.ts';
import { readBgpNodeConfigNeighbors, rolledOut, waitForBgpPeersEstablished, waitForRollout, waitForServiceIngressIp } from './waits.ts';

const SERVICE = '/api/v1/namespaces/default/services/nginxhello';
const DAEMONSET = '/apis/apps/v1/namespaces/kube-system/daemonsets/cilium';
const DEPLOYMENT = '/apis/apps/v1/namespaces/kube-system/deployments/cilium-operator';
const NODE_CONFIG = (version: string, node: string) => `/apis/cilium.io/${version}/ciliumbgpnodeconfigs/${node}`;
const VIP = '172.30.0.10';

/** About half a second of the named budget, whatever its full size. */
function fast(budget: BudgetName): BudgetOptions {
  return { budgetScale: 500 / BUDGETS[budget] };
}

/** A wait that must fail: its error message, and how long it took. */
async function failure(wait: Promise<unknown>): Promise<{ message: string; ms: number }> {
  const started = Date.now();
  try {
    await wait;
  } catch (error) {
    return { message: (error as Error).message, ms: Date.now() - started };
  }
  throw new Error('the wait resolved, expected it to fail');
}

describe('cluster waits', () => {
  let api: RecordedApi | undefined;
  async function serve(routes: Record<string, readonly RecordedResponse[]>) {
    api = await startRecordedApi(routes);
    return loadKubeConfig(api.kubeconfigPath);
  }
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  describe('waitForServiceIngressIp', () => {
    it('polls until LB-IPAM has put the VIP in status.loadBalancer.ingress', async () => {
      const kc = await serve({ [`GET ${SERVICE}`]: [{ file: 'service-nginxhello-pending.json' }, { file: 'service-nginxhello-assigned.json' }] });
      await waitForServiceIngressIp(kc, 'default', 'nginxhello', VIP);
      expect(api!.calls(`GET ${SERVICE}`)).toHaveLength(2);
    });

    it('fails quickly with expected vs "no ingress yet" when the IP never comes', async () => {
      const kc = await serve({ [`GET ${SERVICE}`]: [{ file: 'service-nginxhello-pending.json' }] });
      const { message, ms } = await failure(waitForServiceIngressIp(kc, 'default', 'nginxhello', VIP, fast('serviceIp')));
      expect(message).toMatch(/^waited \d+ ms \(budget "serviceIp"\) for Service default\/nginxhello to get LoadBalancer ingress IP 172\.30\.0\.10; last seen: no ingress yet$/);
      expect(ms).toBeLessThan(2000);
      expect(api!.calls(`GET ${SERVICE}`).length).toBeGreaterThan(1);
    });

    it('fails naming the address it got instead', async () => {
      const other = recorded('service-nginxhello-assigned.json') as { status: { loadBalancer: { ingress: { ip: string }[] } } };
      other.status.loadBalancer.ingress[0]!.ip = '172.30.0.11';
      const kc = await serve({ [`GET ${SERVICE}`]: [{ json: other }] });
      const { message } = await failure(waitForServiceIngressIp(kc, 'default', 'nginxhello', VIP, fast('serviceIp')));
      expect(message).toMatch(/for Service default\/nginxhello to get LoadBalancer ingress IP 172\.30\.0\.10; last seen: ingress 172\.30\.0\.11$/);
    });

    it('says why the last read failed when the Service is not there', async () => {
      const kc = await serve({});
      const { message } = await failure(waitForServiceIngressIp(kc, 'default', 'nginxhello', VIP, fast('serviceIp')));
      expect(message).toMatch(/; the last read failed: reading Service default\/nginxhello: HTTP 404 NotFound: the server could not find the requested resource$/);
    });
  });

  describe('waitForRollout', () => {
    it('waits for the cilium DaemonSet to go from 1/2 to 2/2 ready', async () => {
      const kc = await serve({ [`GET ${DAEMONSET}`]: [{ file: 'daemonset-cilium-not-ready.json' }, { file: 'daemonset-cilium-ready.json' }] });
      await waitForRollout(kc, 'DaemonSet', 'kube-system', 'cilium');
      expect(api!.calls(`GET ${DAEMONSET}`)).toHaveLength(2);
    });

    it('resolves at once for the ready cilium-operator Deployment', async () => {
      const kc = await serve({ [`GET ${DEPLOYMENT}`]: [{ file: 'deployment-cilium-operator-ready.json' }] });
      await waitForRollout(kc, 'Deployment', 'kube-system', 'cilium-operator');
      expect(api!.calls(`GET ${DEPLOYMENT}`)).toHaveLength(1);
    });

    it('fails with the ready count when the DaemonSet never gets there', async () => {
      const kc = await serve({ [`GET ${DAEMONSET}`]: [{ file: 'daemonset-cilium-not-ready.json' }] });
      const { message, ms } = await failure(waitForRollout(kc, 'DaemonSet', 'kube-system', 'cilium', fast('ciliumReady')));
      expect(message).toMatch(/^waited \d+ ms \(budget "ciliumReady"\) for DaemonSet kube-system\/cilium to be rolled out; last seen: 1\/2 ready, 2\/2 updated$/);
      expect(ms).toBeLessThan(2000);
    });

    it('counts nothing desired, stale updates and an unseen spec as not rolled out', () => {
      expect(rolledOut('DaemonSet', { desired: 0, ready: 0, updated: 0, current: true })).toBe(false);
      expect(rolledOut('DaemonSet', { desired: 2, ready: 2, updated: 1, current: true })).toBe(false);
      expect(rolledOut('Deployment', { desired: 2, ready: 2, updated: 1, current: true })).toBe(true);
      expect(rolledOut('Deployment', { desired: 2, ready: 2, updated: 2, current: false })).toBe(false);
    });
  });

  describe('CiliumBGPNodeConfig', () => {
    it('reads a node\'s neighbours from cilium.io/v2, or from the version asked for', async () => {
      const kc = await serve({
        [`GET ${NODE_CONFIG('v2', 'kind01-worker')}`]: [{ file: 'bgpnodeconfig-kind01-worker-established.json' }],
        [`GET ${NODE_CONFIG('v2alpha1', 'kind01-worker')}`]: [{ file: 'bgpnodeconfig-kind01-worker-active.json' }],
      });
      expect(await readBgpNodeConfigNeighbors(kc, 'kind01-worker')).toStrictEqual([
        { address: '10.20.0.101', remoteAs: 65001, state: 'Established', prefixesReceived: 4 },
      ]);
      expect((await readBgpNodeConfigNeighbors(kc, 'kind01-worker', 'cilium.io/v2alpha1'))[0]!.state).toBe('Active');
    });

    it('names the node config it could not read', async () => {
      const kc = await serve({});
      await expect(readBgpNodeConfigNeighbors(kc, 'kind01-worker')).rejects.toThrow(
        'reading CiliumBGPNodeConfig kind01-worker (cilium.io/v2): HTTP 404 NotFound: the server could not find the requested resource',
      );
    });

    it('waits for every peer of every node to go from active to established', async () => {
      const kc = await serve({
        [`GET ${NODE_CONFIG('v2', 'kind01-worker')}`]: [{ file: 'bgpnodeconfig-kind01-worker-active.json' }, { file: 'bgpnodeconfig-kind01-worker-established.json' }],
      });
      expect(await waitForBgpPeersEstablished(kc, ['kind01-worker'], 'cilium.io/v2')).toStrictEqual({
        'kind01-worker': [{ address: '10.20.0.101', remoteAs: 65001, state: 'Established', prefixesReceived: 4 }],
      });
      expect(api!.calls(`GET ${NODE_CONFIG('v2', 'kind01-worker')}`)).toHaveLength(2);
    });

    it('fails listing what each node showed: a peer still active, a node config missing', async () => {
      const kc = await serve({ [`GET ${NODE_CONFIG('v2', 'kind01-worker')}`]: [{ file: 'bgpnodeconfig-kind01-worker-active.json' }] });
      const { message, ms } = await failure(waitForBgpPeersEstablished(kc, ['kind01-worker', 'kind01-control-plane'], 'cilium.io/v2', fast('bgpNodeConfig')));
      expect(message).toMatch(/^waited \d+ ms \(budget "bgpNodeConfig"\) for every BGP peer of kind01-worker, kind01-control-plane to be Established \(CiliumBGPNodeConfig cilium\.io\/v2\); last seen: /);
      expect(message).toContain(
        'last seen: kind01-worker: 10.20.0.101 AS 65001 Active; ' +
          'kind01-control-plane: reading CiliumBGPNodeConfig kind01-control-plane (cilium.io/v2): HTTP 404 NotFound: the server could not find the requested resource',
      );
      expect(ms).toBeLessThan(2000);
    });

    it('does not count a node whose status lists no peer yet as established', async () => {
      const empty = recorded('bgpnodeconfig-kind01-worker-active.json') as Record<string, unknown>;
      delete empty['status'];
      const kc = await serve({ [`GET ${NODE_CONFIG('v2', 'kind01-worker')}`]: [{ json: empty }] });
      const { message } = await failure(waitForBgpPeersEstablished(kc, ['kind01-worker'], 'cilium.io/v2', fast('bgpNodeConfig')));
      expect(message).toMatch(/last seen: kind01-worker: no peers in status yet$/);
    });
  });
});
