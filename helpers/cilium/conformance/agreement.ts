// How far the model agrees with Cilium over the whole corpus, judged against
// the deviations list: a difference the list does not name is a regression (or
// a new case the model fails), and a listed case that now agrees must leave
// the list, so the list only shrinks. Pure.
import type { ConformanceCase, Deviation } from './case.ts';

export interface CaseVerdict {
  readonly case: ConformanceCase;
  readonly suite: 'bgp' | 'lb-ipam';
  readonly differences: readonly string[];
}

export interface Agreement {
  readonly total: number;
  readonly agreeing: number;
  /** Listed, and still parting from Cilium. */
  readonly deviating: readonly (CaseVerdict & { readonly why: string })[];
  /** Not listed, yet parting from Cilium. */
  readonly unlisted: readonly CaseVerdict[];
  /** Listed, yet agreeing now. */
  readonly listedButAgreeing: readonly string[];
  /** Listed ids no case has. */
  readonly unknown: readonly string[];
}

export function judgeAgreement(verdicts: readonly CaseVerdict[], deviations: readonly Deviation[]): Agreement {
  const why = new Map(deviations.map((d) => [d.id, d.why]));
  const ids = new Set(verdicts.map((v) => v.case.id));
  const parting = verdicts.filter((v) => v.differences.length > 0);
  return {
    total: verdicts.length,
    agreeing: verdicts.length - parting.length,
    deviating: parting.filter((v) => why.has(v.case.id)).map((v) => ({ ...v, why: why.get(v.case.id)! })),
    unlisted: parting.filter((v) => !why.has(v.case.id)),
    listedButAgreeing: verdicts.filter((v) => v.differences.length === 0 && why.has(v.case.id)).map((v) => v.case.id),
    unknown: deviations.map((d) => d.id).filter((id) => !ids.has(id)),
  };
}

/** The figure the corpus command and test print: size, agreement, deviations per behaviour. */
export function formatAgreement(a: Agreement): string {
  const share = a.total > 0 ? Math.round((a.agreeing / a.total) * 1000) / 10 : 0;
  const byBehaviour = new Map<string, number>();
  for (const d of a.deviating) byBehaviour.set(`${d.suite} ${d.case.behaviour}`, (byBehaviour.get(`${d.suite} ${d.case.behaviour}`) ?? 0) + 1);
  return [
    `Cilium conformance: ${a.agreeing} of ${a.total} cases agree (${share}%), ${a.deviating.length} listed deviations, ${a.unlisted.length} unlisted, ${a.listedButAgreeing.length} listed but agreeing`,
    ...[...byBehaviour].sort().map(([b, n]) => `  ${b}: ${n} deviating`),
  ].join('\n');
}
