// The emulated lab's speakers announce exactly what the prediction says: the
// routes FRR 8.4 and FRR 10.3 received from the emulated reference lab
// (recorded by scripts/record-outputs.sh) against the provider's prediction
// for the same manifests.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import reference from '../../../fixtures/reference-lab.ts';
import { resolveLab } from '../../model/resolve.ts';
import type { LabState } from '../../model/state.ts';
import { compareReceivedRoutes, formatRouteDifference } from '../../model/advertised-routes.ts';
import { parseFrrBgpTable } from '../../routers/frr/parse.ts';
import { emulatedProvider } from './provider.ts';

const lab = await resolveLab(reference);
const state = { lab, clusters: lab.clusters.map((c) => ({ name: c.spec.name, nodes: [] })) } as unknown as LabState;

describe.each(['frr-8.4', 'frr-10.3'])('the emulated prediction against what %s received', (version) => {
  it('matches route for route: prefix, neighbour, AS path, origin, next hop', async () => {
    const received = parseFrrBgpTable(readFileSync(`fixtures/recorded/${version}/bgp-ipv4-unicast-all.json`, 'utf8'));
    const predicted = (await emulatedProvider.predictedBgp(state)).routes;
    expect(predicted).toHaveLength(8);
    expect(compareReceivedRoutes(predicted, received).map(formatRouteDifference)).toEqual([]);
  });

  it('names what differs once a cluster is gone: its routes are no longer predicted', async () => {
    const received = parseFrrBgpTable(readFileSync(`fixtures/recorded/${version}/bgp-ipv4-unicast-all.json`, 'utf8'));
    const predicted = (await emulatedProvider.predictedBgp({ ...state, clusters: [{ ...state.clusters[0]!, deleted: true }, state.clusters[1]!] })).routes;
    const differences = compareReceivedRoutes(predicted, received).map(formatRouteDifference);
    expect(differences).toHaveLength(4);
    expect(differences).toContain('10.20.0.2 172.30.0.10/32: route expected not announced (Cilium\'s semantics for the cluster\'s objects), the router holds it in its BGP table (as-path 65101, next hop 10.20.0.2); setting to change: the cluster\'s CiliumBGPAdvertisement (which addresses of which Services) or the Service');
  });
});
