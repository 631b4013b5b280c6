// Cilium's CRD schemas in a compact form of our own: each kind's served API
// versions with its openAPIV3Schema stripped of what does not validate
// (descriptions, examples), so one file per Cilium minor holds what the API
// server checks. Made by scripts/cilium-crd-schemas.ts from the CRDs at a
// release (fixtures/cilium-schemas/<minor>.json records where from). Pure.

export interface SchemaOrigin {
  readonly repo: string;
  readonly path: string;
  readonly ref: string;
  readonly commit: string;
  readonly generatedBy: string;
}

/** A structural schema node (the subset of OpenAPI v3 Kubernetes allows in CRDs). */
export type SchemaNode = { readonly [keyword: string]: unknown };

export interface KindSchemas {
  readonly group: string;
  readonly plural: string;
  readonly versions: Readonly<Record<string, { readonly served: boolean; readonly storage: boolean; readonly schema: SchemaNode }>>;
}

export interface CompactCrdSet {
  readonly minor: string;
  readonly origin: SchemaOrigin;
  readonly kinds: Readonly<Record<string, KindSchemas>>;
}

/** Keywords that say what is valid; everything else (description, example, title) is left out. */
const KEPT = new Set([
  'type', 'properties', 'required', 'items', 'enum', 'format', 'pattern', 'default', 'nullable',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems',
  'minProperties', 'maxProperties', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'not',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations',
]);

export function compactSchema(node: unknown): SchemaNode {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!KEPT.has(key)) continue;
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, compactSchema(v)]));
    else if (key === 'items' || key === 'not' || (key === 'additionalProperties' && typeof value === 'object')) out[key] = compactSchema(value);
    else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') out[key] = (value as unknown[]).map(compactSchema);
    else if (key === 'x-kubernetes-validations') out[key] = (value as { rule: string; message?: string }[]).map((v) => ({ rule: v.rule, ...(v.message ? { message: v.message } : {}) }));
    else out[key] = value;
  }
  return out;
}

/** One CustomResourceDefinition object as the generator reads it. */
export interface CrdObject {
  readonly kind?: string;
  readonly spec?: {
    readonly group?: string;
    readonly names?: { readonly kind?: string; readonly plural?: string };
    readonly versions?: readonly { readonly name: string; readonly served?: boolean; readonly storage?: boolean; readonly schema?: { readonly openAPIV3Schema?: unknown } }[];
  };
}

/** A CRD's kind, group and served versions with their compact schemas; throws naming what a CRD lacks. */
export function kindSchemasOf(crd: CrdObject, where: string): [string, KindSchemas] {
  const kind = crd.spec?.names?.kind;
  const group = crd.spec?.group;
  if (crd.kind !== 'CustomResourceDefinition' || !kind || !group || !crd.spec?.versions?.length) {
    throw new Error(`${where}: expected a CustomResourceDefinition with spec.group, spec.names.kind and spec.versions, got kind ${String(crd.kind)}`);
  }
  const versions = Object.fromEntries(crd.spec.versions.map((v) => {
    if (!v.schema?.openAPIV3Schema) throw new Error(`${where}: version ${v.name} of ${kind} has no schema.openAPIV3Schema`);
    return [v.name, { served: v.served === true, storage: v.storage === true, schema: compactSchema(v.schema.openAPIV3Schema) }];
  }));
  return [kind, { group, plural: crd.spec.names?.plural ?? '', versions }];
}
