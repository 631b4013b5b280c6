// c. From the client, requests to the VIP, each on a new TCP connection, all
// succeed and are answered by both clusters.
import { beforeAll, describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { assertStartingState } from '../helpers/lab/starting-state.ts';
import { spreadOf } from '../helpers/measure/probe-output.ts';

const lab = await useLab();
const REQUESTS = Number(process.env['LAB_PROBE_REQUESTS'] ?? '60');

describe(`client to http://${lab.spec.loadBalancer.vip}`, () => {
  beforeAll(() => assertStartingState(lab));

  it(`${REQUESTS} new connections all succeed and reach every cluster`, async () => {
    const samples = await lab.probe({ count: REQUESTS, rate: 100, timeoutMs: 1000 });
    const spread = spreadOf(samples);
    const failures = samples.filter((s) => !s.ok).map((s) => s.error);
    expect(failures, 'failed requests').toEqual([]);
    expect(spread.ok).toBe(REQUESTS);
    console.log(`[lab] spread over ${REQUESTS} requests: ${JSON.stringify(spread.byCluster)} by node ${JSON.stringify(spread.byNode)}`);
    expect(Object.keys(spread.byCluster).sort(), `clusters that answered (by cluster: ${JSON.stringify(spread.byCluster)})`).toEqual([...lab.clusterNames].sort());
  });
});
