// c. From the client, requests to the VIP, each on a new TCP connection, all
// succeed and are answered by both clusters. A request counts as failed as the
// router's capture of its connection judges it (measure/witnesses.ts): a busy
// client giving up on an answer the router saw delivered is not the lab's.
import { beforeAll, describe, expect, it } from 'vitest';
import { useLab } from './use-lab.ts';
import { assertStartingState } from '../helpers/lab/starting-state.ts';
import { spreadOf } from '../helpers/measure/probe-output.ts';
import { witnessedProbe } from '../helpers/measure/router-capture.ts';
import { NO_LOSS_TIMEOUT_MS } from '../helpers/measure/disruption.ts';
import { formatClearedFailures } from '../helpers/measure/witnesses.ts';

const lab = await useLab();
const REQUESTS = Number(process.env['LAB_PROBE_REQUESTS'] ?? '60');

describe(`client to http://${lab.spec.loadBalancer.vip}`, () => {
  beforeAll(() => assertStartingState(lab));

  it(`${REQUESTS} new connections all succeed and reach every cluster`, async () => {
    const { samples, ...verdicts } = await witnessedProbe(lab, { count: REQUESTS, rate: 100, timeoutMs: NO_LOSS_TIMEOUT_MS });
    const spread = spreadOf(samples);
    expect(verdicts.confirmed.map((s) => s.error), `failed requests (${formatClearedFailures(verdicts) || 'none cleared by the router\'s capture'})`).toEqual([]);
    expect(samples, 'requests made').toHaveLength(REQUESTS);
    console.log(`[lab] spread over ${REQUESTS} requests: ${JSON.stringify(spread.byCluster)} by node ${JSON.stringify(spread.byNode)}`);
    expect(Object.keys(spread.byCluster).sort(), `clusters that answered (by cluster: ${JSON.stringify(spread.byCluster)})`).toEqual([...lab.clusterNames].sort());
  });
});
