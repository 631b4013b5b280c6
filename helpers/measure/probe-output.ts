// Parses the client probe's JSON lines (images/client/probe.ts) into samples,
// sorted by start time.
import type { Answer, AnswerIdentifier } from '../model/state.ts';

export type Outcome = 'ok' | 'http-error' | 'connect-timeout' | 'refused' | 'reset' | 'unreachable' | 'timeout' | `error:${string}`;

export interface ProbeSample {
  /** Start of the request, epoch milliseconds with a sub-millisecond fraction (the lab's containers share the host clock). */
  readonly at: number;
  readonly ok: boolean;
  readonly outcome: Outcome;
  /** HTTP status, when a response came back. */
  readonly httpCode?: number;
  readonly latencyMs: number;
  /** The connection's source port (undefined: the request never opened its connection). */
  readonly port?: number;
  /** Who answered, when the answer says. */
  readonly answer?: Answer;
  /** The error, for failed requests. */
  readonly error?: string;
}

interface ProbeLine {
  readonly i: number;
  readonly t: number;
  readonly outcome: Outcome;
  readonly ms: number;
  readonly port?: number;
  readonly status?: number;
  readonly body?: string;
  readonly error?: string;
}

export function parseProbeOutput(text: string, identify: AnswerIdentifier): ProbeSample[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      let p: ProbeLine;
      try {
        p = JSON.parse(line) as ProbeLine;
      } catch {
        throw new Error(`probe output: not a JSON line: ${JSON.stringify(line.slice(0, 200))}`);
      }
      if (typeof p.t !== 'number' || typeof p.outcome !== 'string' || typeof p.ms !== 'number') {
        throw new Error(`probe output: a line without t, outcome or ms: ${JSON.stringify(line.slice(0, 200))}`);
      }
      const ok = p.outcome === 'ok';
      const answer = ok && p.body ? identify(p.body) : undefined;
      return {
        at: p.t,
        ok,
        outcome: p.outcome,
        ...(p.status === undefined ? {} : { httpCode: p.status }),
        latencyMs: p.ms,
        ...(typeof p.port === 'number' ? { port: p.port } : {}),
        ...(answer ? { answer } : {}),
        ...(ok ? {} : { error: (p.error ?? `HTTP ${p.status}`).trim() }),
      };
    })
    .sort((a, b) => a.at - b.at);
}

export interface Spread {
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
  /** Successful answers per cluster name. */
  readonly byCluster: Readonly<Record<string, number>>;
  readonly byNode: Readonly<Record<string, number>>;
  /** Failed requests per outcome. */
  readonly failures: Readonly<Record<string, number>>;
}

export function spreadOf(samples: readonly ProbeSample[]): Spread {
  const byCluster: Record<string, number> = {};
  const byNode: Record<string, number> = {};
  const failures: Record<string, number> = {};
  for (const s of samples) {
    if (!s.ok) failures[s.outcome] = (failures[s.outcome] ?? 0) + 1;
    if (!s.ok || !s.answer) continue;
    byCluster[s.answer.cluster] = (byCluster[s.answer.cluster] ?? 0) + 1;
    byNode[s.answer.node] = (byNode[s.answer.node] ?? 0) + 1;
  }
  const ok = samples.filter((s) => s.ok).length;
  return { total: samples.length, ok, failed: samples.length - ok, byCluster, byNode, failures };
}
