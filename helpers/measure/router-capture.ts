// The router's own record of the client's connections to the VIP, taken while
// the probe runs: the second witness of every request (measure/witnesses.ts).
import type { Router } from '../routers/types.ts';
import type { ClientProbe, ProbeRequest } from './probe.ts';
import type { ProbeSample } from './probe-output.ts';
import { captureFilter, parseSynCapture, type CapturedConnection } from './capture.ts';
import { judgeFailures, type FailureVerdicts } from './witnesses.ts';

/** What a measurement needs of a running lab: the router to watch and capture, the client's probe. */
export interface MeasuredLab {
  readonly vip: string;
  readonly vipPrefix: string;
  /** The workload's port on the VIP. */
  readonly port: number;
  /** The router's address on the client network: its capture runs on that interface. */
  readonly routerClientAddress: string;
  readonly router: Router;
  readonly client: ClientProbe;
}

export interface ConnectionCapture {
  /** Ends the capture (if its time limit did not) and parses what it recorded. */
  stop(): Promise<CapturedConnection[]>;
}

/** Starts capturing the connections to the VIP on the router's client-facing interface; resolves once the capture is open. */
export async function startConnectionCapture(lab: MeasuredLab, seconds: number): Promise<ConnectionCapture> {
  const capture = await lab.router.capture(lab.routerClientAddress, captureFilter(lab.vip, lab.port), seconds);
  return {
    stop: async () => {
      await capture.stop();
      return parseSynCapture(await capture.text, lab.vip);
    },
  };
}

/** A probe run with the router's verdict on each of its failures. */
export interface WitnessedProbe extends FailureVerdicts {
  readonly samples: readonly ProbeSample[];
}

/**
 * Runs the probe while the router captures its connections, and judges its failures with that
 * capture: a request counts as failed when the router saw its connection fail, not when a busy
 * client gave up on an answer the router saw delivered.
 */
export async function witnessedProbe(lab: MeasuredLab, request: ProbeRequest): Promise<WitnessedProbe> {
  // The probe's own length, its last request's timeout and room for the exec round trips.
  const seconds = Math.ceil(request.count / request.rate + request.timeoutMs / 1000) + 10;
  const capture = await startConnectionCapture(lab, seconds);
  let samples: ProbeSample[];
  try {
    samples = await lab.client.run(request);
  } catch (error) {
    await capture.stop().catch(() => {});
    throw error;
  }
  return { samples, ...judgeFailures(samples, await capture.stop()) };
}
