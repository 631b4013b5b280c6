// Live state has one owner: what one Lab handle changes (a cluster deleted,
// then created again with new containers) is what a handle opened later from
// the same state file sees, as a later scenario file or `status` would.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import reference from '../../fixtures/reference-lab.ts';
import { resolveLab } from '../model/resolve.ts';
import type { ClusterState, LabState } from '../model/state.ts';
import { providerByName } from '../providers/registry.ts';
import type { ClusterProvider } from '../providers/types.ts';
import { routerKindByName } from '../routers/registry.ts';
import { Lab } from './lab.ts';
import { LabStateStore } from './state-store.ts';

const lab = await resolveLab(reference);

function cluster(name: string, addresses: string[], id: string): ClusterState {
  return { name, nodes: addresses.map((address, i) => ({ name: `${name}-n${i}`, address, container: { name: `anycast-${name}-n${i}`, id } })) };
}

function fakeProvider(calls: string[]): ClusterProvider {
  return {
    ...providerByName('emulated'),
    deleteCluster: async (_state, name) => { calls.push(`delete ${name}`); },
    // Docker may hand a recreated cluster's nodes other addresses and its containers get new ids.
    recreateCluster: async (_state, name) => { calls.push(`recreate ${name}`); return cluster(name, ['10.20.0.7', '10.20.0.8'], 'new'); },
  };
}

async function newLab(): Promise<{ store: LabStateStore; calls: string[]; first: Lab }> {
  const store = new LabStateStore(join(await mkdtemp(join(tmpdir(), 'lab-state-')), 'state.json'));
  const state: LabState = {
    session: 's1', provider: 'emulated', routerKind: 'frr', lab,
    router: { name: 'anycast-frrtor', id: 'r' }, client: { name: 'anycast-client', id: 'c' },
    clusters: [cluster('kind01', ['10.20.0.2', '10.20.0.3'], 'old'), cluster('kind02', ['172.20.0.2', '172.20.0.3'], 'old')],
    networks: {}, images: { router: 'r', client: 'c' }, phases: {},
  };
  store.write(state);
  const calls: string[] = [];
  return { store, calls, first: new Lab(store, store.read(), { provider: fakeProvider(calls), router: routerKindByName('frr') }) };
}

describe('the lab state store', () => {
  it('a deletion is seen by a lab opened later: the cluster is not live, its old nodes are kept', async () => {
    const { store, calls, first } = await newLab();
    await first.deleteCluster('kind01');
    const later = Lab.open(store);
    expect(calls).toEqual(['delete kind01']);
    expect(later.liveClusters).toEqual(['kind02']);
    expect(later.clusterNames).toEqual(['kind01', 'kind02']);
    expect(later.state.clusters[0]!.nodes.map((n) => n.address)).toEqual(['10.20.0.2', '10.20.0.3']);
  });

  it('a recreation is seen by a lab opened later: live again, with its new nodes', async () => {
    const { store, first } = await newLab();
    await first.deleteCluster('kind01');
    await first.recreateCluster('kind01');
    const later = Lab.open(store);
    expect(later.liveClusters).toEqual(['kind01', 'kind02']);
    expect(later.state.clusters[0]!.nodes.map((n) => n.address)).toEqual(['10.20.0.7', '10.20.0.8']);
    expect(later.state.clusters[0]!.nodes.map((n) => n.container.id)).toEqual(['new', 'new']);
    expect(first.state).toEqual(later.state);
  });

  it('an unknown cluster is refused before the provider is asked, naming the known ones', async () => {
    const { calls, first } = await newLab();
    await expect(first.deleteCluster('kind03')).rejects.toThrow('lab "anycast" has no cluster "kind03" (clusters: kind01, kind02)');
    expect(calls).toEqual([]);
  });

  it('a missing state file says there is no running lab and how to start one', () => {
    expect(() => Lab.open(new LabStateStore('/nonexistent/state.json'))).toThrow('no running lab: /nonexistent/state.json is missing (start one with `npm run lab -- up`)');
  });
});
