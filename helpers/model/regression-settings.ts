// How a run is compared with a baseline (or another run): per-figure
// tolerances, and named deviations for a known, accepted difference of one
// version (as openconfig featureprofiles declares per-vendor deviations), so a
// version's quirk never loosens the tolerance for every version.
import type { DeviationSpec, RegressionSpec, ToleranceSpec } from './spec.ts';
import type { SpecIssue } from './spec-issue.ts';

/**
 * Figures where higher is worse: a regression is worse by more than the absolute floor AND by
 * more than the relative part (run-to-run noise of a few hundred ms on a 15 s figure is not one).
 */
export const DEFAULT_TOLERANCES: Readonly<Record<string, ToleranceSpec>> = {
  convergenceMs: { relative: 0.1, absolute: 1000 },
  routeConvergenceMs: { relative: 0.1, absolute: 1000 },
  disruptionWindowMs: { relative: 0.1, absolute: 1000 },
  recoveryMs: { relative: 0.1, absolute: 1000 },
  firstSuccessAfterConvergenceMs: { relative: 0.1, absolute: 1000 },
  failedPercent: { relative: 0.1, absolute: 5 },
  failed: { relative: 0.1, absolute: 10 },
};

export interface RegressionSettings {
  readonly tolerances: Readonly<Record<string, ToleranceSpec>>;
  readonly deviations: readonly DeviationSpec[];
}

export function regressionSettingsOf(spec: { readonly regression?: RegressionSpec }): RegressionSettings {
  return { tolerances: { ...DEFAULT_TOLERANCES, ...spec.regression?.tolerances }, deviations: spec.regression?.deviations ?? [] };
}

/** Does a run with these versions match a deviation's `when` (each named version starts with the given one)? */
export function deviationApplies(deviation: DeviationSpec, versions: Readonly<Record<string, string>>): boolean {
  return Object.entries(deviation.when).every(([component, prefix]) => versions[component]?.startsWith(prefix) ?? false);
}

function checkTolerance(field: string, t: unknown): SpecIssue[] {
  const tol = t as Partial<ToleranceSpec> | undefined;
  const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const issues: SpecIssue[] = [];
  if (!ok(tol?.relative)) issues.push({ field: `${field}.relative`, message: `${JSON.stringify(tol?.relative)} is not a fraction, 0 or more (0.1 = 10%)` });
  if (!ok(tol?.absolute)) issues.push({ field: `${field}.absolute`, message: `${JSON.stringify(tol?.absolute)} is not a number, 0 or more, in the figure's unit` });
  return issues;
}

/** Shape of the spec's regression settings. Pure. */
export function checkRegressionSettings(regression: RegressionSpec | undefined): SpecIssue[] {
  if (regression === undefined) return [];
  const issues: SpecIssue[] = [];
  const figures = Object.keys(DEFAULT_TOLERANCES);
  for (const [figure, t] of Object.entries(regression.tolerances ?? {})) {
    if (!figures.includes(figure)) issues.push({ field: `regression.tolerances.${figure}`, message: `is not a compared figure (figures: ${figures.join(', ')})` });
    else issues.push(...checkTolerance(`regression.tolerances.${figure}`, t));
  }
  const names = new Set<string>();
  (regression.deviations ?? []).forEach((d, i) => {
    const field = `regression.deviations[${i}]`;
    if (typeof d.name !== 'string' || !/^[a-z0-9][a-z0-9.-]*$/.test(d.name)) issues.push({ field: `${field}.name`, message: `${JSON.stringify(d.name)} is not a lower-case name (letters, digits, dots, dashes)` });
    else if (names.has(d.name)) issues.push({ field: `${field}.name`, message: `"${d.name}" is declared twice` });
    names.add(d.name);
    if (typeof d.reason !== 'string' || d.reason.trim() === '') issues.push({ field: `${field}.reason`, message: 'a deviation says why it is accepted' });
    const when = Object.entries(d.when ?? {});
    if (when.length === 0 || when.some(([, v]) => typeof v !== 'string' || v === '')) {
      issues.push({ field: `${field}.when`, message: `${JSON.stringify(d.when)} names no version (e.g. { cilium: "1.19" }): a deviation applies to one version, not all` });
    }
    if (typeof d.measurement !== 'string' || d.measurement === '') issues.push({ field: `${field}.measurement`, message: `${JSON.stringify(d.measurement)} is not a measurement name (e.g. "abrupt-deletion")` });
    if (!figures.includes(d.figure)) issues.push({ field: `${field}.figure`, message: `${JSON.stringify(d.figure)} is not a compared figure (figures: ${figures.join(', ')})` });
    issues.push(...checkTolerance(`${field}.tolerance`, d.tolerance));
  });
  return issues;
}
