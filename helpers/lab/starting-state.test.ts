// A scenario that needs a whole, converged lab says at once what an earlier
// failure left missing, instead of waiting out its own budgets.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import reference from '../../fixtures/reference-lab.ts';
import { resolveLab } from '../model/resolve.ts';
import { useBudgets } from '../model/budgets.ts';
import type { FibRoute } from '../bgp/model.ts';
import type { LabState } from '../model/state.ts';
import { providerByName } from '../providers/registry.ts';
import { routerKindByName } from '../routers/registry.ts';
import type { RouterKind } from '../routers/types.ts';
import { Lab } from './lab.ts';
import { LabStateStore } from './state-store.ts';
import { startingStateProblem } from './starting-state.ts';

const lab = await resolveLab(reference);
const node = (name: string, address: string) => ({ name, address, container: { name, id: name } });
const clusters = [
  { name: 'kind01', nodes: [node('kind01-control-plane', '10.20.0.2'), node('kind01-worker', '10.20.0.3')] },
  { name: 'kind02', nodes: [node('kind02-control-plane', '172.20.0.2'), node('kind02-worker', '172.20.0.3')] },
];

/** A router whose kernel route for the VIP goes over the given next hops. */
function routerWith(nextHops: string[]): RouterKind {
  const frr = routerKindByName('frr');
  const route: FibRoute = { prefix: lab.vipPrefix, protocol: 'bgp', installed: true, nextHops: nextHops.map((address) => ({ address, active: true })) };
  return { ...frr, connect: (c) => ({ ...frr.connect(c), fibRoute: async () => route }) };
}

async function labWith(nextHops: string[], deleted?: string): Promise<Lab> {
  const store = new LabStateStore(join(await mkdtemp(join(tmpdir(), 'starting-')), 'state.json'));
  const state: LabState = {
    session: 's', provider: 'emulated', routerKind: 'frr', lab, router: { name: 'r', id: 'r' }, client: { name: 'c', id: 'c' },
    clusters: clusters.map((c) => (c.name === deleted ? { ...c, deleted: true } : c)), networks: {}, images: { router: 'r', client: 'c' }, phases: {},
  };
  store.write(state);
  const opened = new Lab(store, state, { provider: providerByName('emulated'), router: routerWith(nextHops) });
  // After opening (which applies the provider's budgets): a short grace keeps the test fast.
  useBudgets({ startingState: 300 });
  return opened;
}

describe('startingStateProblem', () => {
  afterAll(() => useBudgets());

  it('is nothing for a whole lab whose VIP is on every expected next hop', async () => {
    expect(await startingStateProblem(await labWith(['10.20.0.2', '10.20.0.3', '172.20.0.2', '172.20.0.3']))).toBeUndefined();
  });

  it('names a cluster an earlier scenario left deleted, without reading the router', async () => {
    expect(await startingStateProblem(await labWith([], 'kind01'))).toBe('cluster kind01 is deleted: an earlier scenario deleted it and did not create it again');
  });

  it('names the next hops seen and expected when the lab never converged', async () => {
    expect(await startingStateProblem(await labWith(['172.20.0.2', '172.20.0.3']))).toBe(
      "the VIP's kernel next hops are kind01: (none); kind02: 172.20.0.2, 172.20.0.3, expected kind01: 10.20.0.2, 10.20.0.3; kind02: 172.20.0.2, 172.20.0.3: the lab did not converge (or an earlier scenario left it broken)",
    );
  });
});
