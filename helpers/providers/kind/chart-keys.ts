// What a Cilium chart lets a Helm value set: a table of its value keys per
// minor (fixtures/cilium-chart-keys/<minor>.json, made by
// scripts/cilium-chart-keys.ts from the chart itself), and the check that every
// value the kind provider sets is one of them, with the companions some
// options need. The chart's schema allows unknown keys (no minor's
// values.schema.json sets additionalProperties), so Helm would take a misspelt
// or removed key silently; this table is what catches it without a cluster.
// Pure: the tables are read by the caller.

/** Where a key was found: v values.yaml, s values.schema.json, t a template's .Values reference, m under a free-form map ({} in values.yaml). */
export type KeySources = string;

export interface ChartKeyTable {
  /** "cilium 1.19.6". */
  readonly chart: string;
  /** Where the chart came from: repository, commit, how it was fetched. */
  readonly origin: string;
  readonly generatedBy: string;
  /** Dotted key path to where it was found. */
  readonly keys: Readonly<Record<string, KeySources>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every key path of a values document (objects only, not into lists), each with whether it is an empty map. */
function valuePaths(values: unknown, prefix = ''): [string, boolean][] {
  if (!isObject(values)) return [];
  return Object.entries(values).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    const empty = isObject(v) && Object.keys(v).length === 0;
    return [[path, empty] as [string, boolean], ...valuePaths(v, path)];
  });
}

/** Every property path of a JSON schema's `properties`, nested. */
function schemaPaths(schema: unknown, prefix = ''): string[] {
  const props = isObject(schema) && isObject(schema['properties']) ? schema['properties'] : {};
  return Object.entries(props).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return [path, ...schemaPaths(v, path)];
  });
}

/** Every `.Values.a.b` a template reads (and each of its prefixes). */
function templatePaths(templates: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const text of templates) {
    for (const m of text.matchAll(/\.Values((?:\.[A-Za-z0-9_]+)+)/g)) {
      const parts = m[1]!.slice(1).split('.');
      for (let i = 1; i <= parts.length; i++) paths.add(parts.slice(0, i).join('.'));
    }
  }
  return [...paths];
}

/** The key table of one chart, from its values.yaml (parsed), values.schema.json (parsed) and template texts. Pure. */
export function chartKeys(values: unknown, schema: unknown, templates: readonly string[]): Record<string, KeySources> {
  const found = new Map<string, Set<string>>();
  const add = (path: string, source: string) => found.set(path, (found.get(path) ?? new Set()).add(source));
  for (const [path, empty] of valuePaths(values)) {
    add(path, 'v');
    if (empty) add(path, 'm');
  }
  for (const path of schemaPaths(schema)) add(path, 's');
  for (const path of templatePaths(templates)) add(path, 't');
  const order = 'vstm';
  return Object.fromEntries([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, s]) => [path, [...s].sort((x, y) => order.indexOf(x) - order.indexOf(y)).join('')]));
}

/** Every leaf path of the values we set ("bgpControlPlane.enabled"), with its value. */
export function setPaths(values: unknown, prefix = ''): [string, unknown][] {
  if (!isObject(values)) return [[prefix, values]];
  return Object.entries(values).flatMap(([k, v]) => setPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** Whether the chart has `path`: a key of its table, or a key under one of its free-form maps. */
export function chartHasKey(table: ChartKeyTable, path: string): boolean {
  if (table.keys[path] !== undefined) return true;
  const parts = path.split('.');
  return parts.some((_, i) => i > 0 && (table.keys[parts.slice(0, i).join('.')] ?? '').includes('m'));
}

/** An option the chart takes, which needs another one set for the component to start. */
export interface Companion {
  /** The option, when set to true. */
  readonly when: string;
  /** The option it needs, non-empty, on the minors from `fromMinor`. */
  readonly needs: string;
  readonly fromMinor: number;
  /** The upstream evidence. */
  readonly evidence: string;
}

/** Options with companions, and what says so upstream. */
export const COMPANIONS: readonly Companion[] = [
  {
    when: 'l2podAnnouncements.enabled',
    needs: 'l2podAnnouncements.interfacePattern',
    fromMinor: 19,
    // cilium/cilium pkg/datapath/gneigh/processor.go (1.19 and later): the agent refuses to start with
    // "'--l2-pod-announcements-interface-pattern' must be set, when --enable-l2-pod-announcements=true";
    // from chart 1.19 the value is l2podAnnouncements.interfacePattern (empty by default) and
    // templates/cilium-configmap.yaml writes it only when set (chart 1.19.6, cilium/cilium 9a89824).
    evidence: 'cilium/cilium pkg/datapath/gneigh/processor.go; chart 1.19.6 templates/cilium-configmap.yaml',
  },
];

/** Why the values cannot work on this chart, one line each: keys it does not have, companions missing. Empty when none. Pure. */
export function chartValueProblems(table: ChartKeyTable, minor: number, values: Record<string, unknown>): string[] {
  const set = setPaths(values);
  const value = (path: string) => set.find(([p]) => p === path)?.[1];
  const unknown = set.filter(([path]) => !chartHasKey(table, path)).map(([path]) => `${path}: no such value in ${table.chart} (Helm would ignore it)`);
  const companions = COMPANIONS.filter((c) => minor >= c.fromMinor && value(c.when) === true && !value(c.needs))
    .map((c) => `${c.when}: true needs ${c.needs} set on ${table.chart} (${c.evidence})`);
  return [...unknown, ...companions];
}
