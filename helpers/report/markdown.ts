// The run's summary in markdown: what ran, how long bring-up took, and one row
// per measurement.
import type { RunResults } from './results.ts';

const ms = (v: number | undefined) => (v === undefined ? 'n/a' : `${(v / 1000).toFixed(2)} s`);
const formatShares = (s: Readonly<Record<string, number>>) => Object.entries(s).map(([c, p]) => `${c} ${p}%`).join(', ') || 'none';

export function renderSummary(results: RunResults, timelines: Readonly<Record<string, string>> = {}): string {
  const { meta } = results;
  const lines = [
    `# Lab run ${meta.session}`,
    '',
    `- provider: ${meta.provider}; spec: ${meta.spec}; started ${meta.startedAt}`,
    `- versions: ${Object.entries(meta.versions).map(([k, v]) => `${k} ${v}`).join(', ') || 'unknown'}`,
    `- router forwarding: ${Object.entries(meta.forwarding ?? {}).map(([k, v]) => `${k} ${v}`).join(', ') || 'unknown'}`,
    `- host: ${meta.host.cpus} CPUs, ${meta.host.memoryGiB} GiB, ${meta.host.platform}`,
    `- bring-up: ${Object.entries(meta.phases).map(([k, v]) => `${k} ${v} ms`).join(', ')}`,
    '',
    '| measurement | clients converged | route converged | failed requests | disruption window | clients recovered | share before | share after |',
    '|---|---|---|---|---|---|---|---|',
    ...Object.entries(results.measurements).map(([name, f]) =>
      `| ${f.action} (${name}) | ${ms(f.convergenceMs)} | ${ms(f.routeConvergenceMs)} | ${f.failed} of ${f.requests} (${f.failedPercent}%) | ${ms(f.disruptionWindowMs)} | ${ms(f.recoveryMs)} | ${formatShares(f.sharesBefore)} | ${formatShares(f.sharesAfter)} |`),
    '',
    ...Object.entries(results.nodes ?? {}).flatMap(([name, lines]) => [`Per node, ${name}:`, '', ...lines.map((l) => `- ${l}`), '']),
    ...Object.entries(timelines).map(([name, file]) => `![${name}](${file})`),
  ];
  return lines.join('\n') + '\n';
}
