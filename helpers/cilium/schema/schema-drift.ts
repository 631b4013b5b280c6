// Where a live cluster's Cilium CRDs part from the schemas the lab checks
// manifests against (fixtures/cilium-schemas/<minor>.json): a version served
// or not, a field one side has and the other lacks, a changed type, enum,
// bound, pattern or required list. The nightly runs it against each real
// cluster, so the compact schemas cannot silently age. Pure.
import type { CompactCrdSet, KindSchemas, SchemaNode } from './compact-schema.ts';

/** Keywords compared at every node (what validation depends on). */
const COMPARED = ['type', 'enum', 'format', 'pattern', 'nullable', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems',
  'minProperties', 'maxProperties', 'required', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource'];
/** Lists whose order means nothing. */
const SETS = new Set(['enum', 'required']);

const shown = (key: string, v: unknown) => JSON.stringify(SETS.has(key) && Array.isArray(v) ? [...v].map((x) => JSON.stringify(x)).sort().map((x) => JSON.parse(x) as unknown) : v);

function compareNodes(ours: SchemaNode, live: SchemaNode, path: string, out: string[], where: string): void {
  const at = path || '(root)';
  for (const key of COMPARED) {
    const a = shown(key, ours[key]);
    const b = shown(key, live[key]);
    if (a !== b) out.push(`${where} ${at}: ${key} ${a ?? 'unset'} here, ${b ?? 'unset'} on the cluster`);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const [a, b] = [(ours[key] ?? []) as SchemaNode[], (live[key] ?? []) as SchemaNode[]];
    if (a.length !== b.length) out.push(`${where} ${at}: ${key} has ${a.length} branch(es) here, ${b.length} on the cluster`);
    else a.forEach((branch, i) => compareNodes(branch, b[i]!, `${path}(${key} ${i})`, out, where));
  }
  const ourProps = (ours['properties'] ?? {}) as Record<string, SchemaNode>;
  const liveProps = (live['properties'] ?? {}) as Record<string, SchemaNode>;
  for (const name of new Set([...Object.keys(ourProps), ...Object.keys(liveProps)])) {
    const child = path ? `${path}.${name}` : name;
    if (!(name in liveProps)) out.push(`${where} ${child}: a field here, not on the cluster`);
    else if (!(name in ourProps)) out.push(`${where} ${child}: a field on the cluster, not here`);
    else compareNodes(ourProps[name]!, liveProps[name]!, child, out, where);
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const a = ours[key];
    const b = live[key];
    if (typeof a === 'object' && typeof b === 'object') compareNodes(a as SchemaNode, b as SchemaNode, `${path}[${key === 'items' ? '*' : '<key>'}]`, out, where);
    else if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${where} ${at}: ${key} ${JSON.stringify(a) ?? 'unset'} here, ${JSON.stringify(b) ?? 'unset'} on the cluster`);
  }
}

export function schemaDrift(ours: CompactCrdSet, live: Readonly<Record<string, KindSchemas>>): string[] {
  const out: string[] = [];
  // The kinds the lab checks; the cluster's other cilium.io kinds are none of its business.
  for (const [kind, a] of Object.entries(ours.kinds)) {
    const b = live[kind];
    if (!b) { out.push(`${kind}: in fixtures/cilium-schemas/${ours.minor}.json, not on the cluster`); continue; }
    for (const version of new Set([...Object.keys(a.versions), ...Object.keys(b.versions)])) {
      const va = a.versions[version];
      const vb = b.versions[version];
      const where = `${kind} ${version}`;
      if (!va || !vb) { out.push(`${where}: ${va ? 'here, not on the cluster' : 'on the cluster, not here'}`); continue; }
      if (va.served !== vb.served) out.push(`${where}: served ${va.served} here, ${vb.served} on the cluster`);
      compareNodes(va.schema, vb.schema, '', out, where);
    }
  }
  return out;
}
