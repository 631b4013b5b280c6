// Parses the client probe's lines (images/client/lab-probe) into samples.
import type { Answer } from '../providers/types.ts';

export interface ProbeSample {
  /** Start of the request, epoch milliseconds (the lab's containers share the host clock). */
  readonly at: number;
  readonly ok: boolean;
  readonly httpCode: number;
  readonly latencyMs: number;
  /** Who answered, when the answer says. */
  readonly answer?: Answer;
  /** curl's error, for failed requests. */
  readonly error?: string;
}

const LINE = /^(\d+\.\d+) (ok|fail) (\d{3}) (\d+) ?(.*)$/;

export function parseProbeOutput(text: string, identify: (body: string) => Answer | undefined): ProbeSample[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((line) => {
    const m = LINE.exec(line);
    if (!m) throw new Error(`probe output: unexpected line ${JSON.stringify(line)}`);
    const ok = m[2] === 'ok';
    const rest = m[5] ?? '';
    const answer = ok ? identify(rest) : undefined;
    return {
      at: Math.round(Number(m[1]) * 1000),
      ok,
      httpCode: Number(m[3]),
      latencyMs: Number(m[4]),
      ...(answer ? { answer } : {}),
      ...(ok ? {} : { error: rest.trim() }),
    };
  });
}

export interface Spread {
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
  /** Successful answers per cluster name. */
  readonly byCluster: Readonly<Record<string, number>>;
  readonly byNode: Readonly<Record<string, number>>;
}

export function spreadOf(samples: readonly ProbeSample[]): Spread {
  const byCluster: Record<string, number> = {};
  const byNode: Record<string, number> = {};
  for (const s of samples) {
    if (!s.ok || !s.answer) continue;
    byCluster[s.answer.cluster] = (byCluster[s.answer.cluster] ?? 0) + 1;
    byNode[s.answer.node] = (byNode[s.answer.node] ?? 0) + 1;
  }
  const ok = samples.filter((s) => s.ok).length;
  return { total: samples.length, ok, failed: samples.length - ok, byCluster, byNode };
}
