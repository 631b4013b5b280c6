// The HTTP probe inside the client container (images/client/probe.ts): the
// only place lab traffic to the VIP comes from. One run is a fixed number of
// requests, or an open-ended run that ends when its stop file appears.
import type { AnswerIdentifier, ContainerRef } from '../model/state.ts';
import { execOk } from '../docker/exec.ts';
import { parseProbeOutput, type ProbeSample } from './probe-output.ts';

export interface ProbeRequest {
  /** Requests to send; 0 means until stopped (durationMs or the stop file). */
  readonly count: number;
  /** New connections per second, started on a fixed schedule (open loop). */
  readonly rate: number;
  /** Connect and total timeout per request, milliseconds. */
  readonly timeoutMs: number;
  /** A hard limit on an open-ended run: it ends even if whoever started it dies. */
  readonly durationMs?: number;
}

export interface OpenEndedProbe {
  readonly samples: Promise<ProbeSample[]>;
  stop(): Promise<void>;
}

const PROBE_ARGV = ['node', '/opt/probe/probe.ts'];
const STOP_FILE = '/tmp/lab-probe.stop';

export class ClientProbe {
  readonly #client: ContainerRef;
  readonly #url: string;
  readonly #identify: () => Promise<AnswerIdentifier>;

  /** `identify` is asked once per run, so it can read who serves the VIP right then. */
  constructor(client: ContainerRef, url: string, identify: () => Promise<AnswerIdentifier>) {
    this.#client = client;
    this.#url = url;
    this.#identify = identify;
  }

  async run(request: ProbeRequest): Promise<ProbeSample[]> {
    return this.#parse(await execOk(this.#client.name, this.#argv(request)));
  }

  /** Starts a run that lasts until stop() (or its durationMs). */
  async start(request: Omit<ProbeRequest, 'count'>): Promise<OpenEndedProbe> {
    await execOk(this.#client.name, ['rm', '-f', STOP_FILE]);
    const output = execOk(this.#client.name, [...this.#argv({ ...request, count: 0 }), '--stop-file', STOP_FILE]);
    output.catch(() => {});
    return {
      samples: output.then((text) => this.#parse(text)),
      stop: async () => {
        await execOk(this.#client.name, ['touch', STOP_FILE]).catch(() => {});
      },
    };
  }

  #argv({ count, rate, timeoutMs, durationMs }: ProbeRequest): string[] {
    return [
      ...PROBE_ARGV, '--url', this.#url, '--rate', String(rate), '--count', String(count), '--timeout-ms', String(timeoutMs),
      ...(durationMs ? ['--duration-ms', String(durationMs)] : []),
    ];
  }

  async #parse(text: string): Promise<ProbeSample[]> {
    return parseProbeOutput(text, await this.#identify());
  }
}
