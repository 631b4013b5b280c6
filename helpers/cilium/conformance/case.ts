// A conformance case: Cilium objects in, what Cilium does out (addresses
// LB-IPAM gives, routes each node announces to each peer), as one of Cilium's
// own tests asserts it, with the upstream file and test it comes from
// (fixtures/cilium-conformance/README.md). Pure: parsing and checking a case
// file's text.
import { parse } from 'yaml';

export interface CaseSource {
  readonly repo: string;
  readonly path: string;
  readonly test: string;
  readonly commit: string;
  readonly tag?: string | null;
  readonly lines?: string | null;
}

export interface ConformanceCase {
  readonly id: string;
  readonly behaviour: string;
  readonly source: CaseSource;
  readonly summary: string;
  readonly objects: readonly Record<string, unknown>[];
  readonly expect: Record<string, unknown>;
  readonly confidence: 'high' | 'medium' | 'low';
  /** Everything else a case may carry (nodes, endpoints, checkpoints, agent, cluster, previous, notes). */
  readonly [more: string]: unknown;
}

const REQUIRED = ['id', 'behaviour', 'source', 'summary', 'objects', 'expect', 'confidence'] as const;

/** The cases of one file; every problem of every case, named by file and case, in one error. */
export function parseCases(text: string, file: string): ConformanceCase[] {
  const value: unknown = parse(text);
  if (!Array.isArray(value)) throw new Error(`${file}: expected a list of cases, got ${value === null ? 'nothing' : typeof value}`);
  const problems: string[] = [];
  value.forEach((c: Record<string, unknown>, i) => {
    const at = `${file} case ${i}${typeof c?.['id'] === 'string' ? ` (${c['id']})` : ''}`;
    for (const field of REQUIRED) if (c?.[field] === undefined) problems.push(`${at}: ${field} is missing`);
    const source = c?.['source'] as Record<string, unknown> | undefined;
    for (const field of ['repo', 'path', 'test', 'commit']) if (source && typeof source[field] !== 'string') problems.push(`${at}: source.${field} is missing`);
    if (source && typeof source['commit'] === 'string' && !/^[0-9a-f]{40}$/.test(source['commit'])) problems.push(`${at}: source.commit "${source['commit']}" is not a 40-hex commit`);
    if (c && !Array.isArray(c['objects'])) problems.push(`${at}: objects is not a list`);
    if (c && !['high', 'medium', 'low'].includes(String(c['confidence']))) problems.push(`${at}: confidence "${String(c['confidence'])}" is not high, medium or low`);
  });
  if (problems.length > 0) throw new Error(`conformance cases: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return value as ConformanceCase[];
}

export interface Deviation {
  readonly id: string;
  readonly why: string;
}

/** The deviations list: every case where the model is known to part from Cilium, and why. */
export function parseDeviations(text: string, file: string): Deviation[] {
  const value: unknown = parse(text);
  if (!Array.isArray(value)) throw new Error(`${file}: expected a list of { id, why }`);
  const problems: string[] = [];
  const seen = new Set<string>();
  value.forEach((d: Record<string, unknown>, i) => {
    if (typeof d?.['id'] !== 'string' || typeof d['why'] !== 'string' || d['why'].trim() === '') problems.push(`${file} entry ${i}: needs an id and a why, got ${JSON.stringify(d)}`);
    else if (seen.has(d['id'])) problems.push(`${file} entry ${i}: ${d['id']} is listed twice`);
    else seen.add(d['id']);
  });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return value as Deviation[];
}
