// Checks objects against a Cilium minor's CRD schemas the way the API server
// does with fieldValidation=Strict: whether that minor serves the apiVersion,
// unknown fields (named with the nearest known one), types, enums, ranges,
// patterns, formats and required fields, every problem of every object at
// once. Validation by Ajv, a maintained JSON Schema validator, on the compact
// schemas (schema/compact-schema.ts); what Kubernetes adds to JSON Schema is
// mapped here: unknown fields are refused unless a node keeps them
// (x-kubernetes-preserve-unknown-fields), an int-or-string takes either. The
// CEL rules (x-kubernetes-validations) are not evaluated: the API server does
// that on a real cluster.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { CompactCrdSet, SchemaNode } from './compact-schema.ts';
import { nearestName } from './nearest-name.ts';
import { isAddress } from '../../net/ipv4.ts';

export interface CheckedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
  /** File and document, for messages. */
  readonly source: string;
}

/**
 * A compact CRD schema as Ajv reads it. `closed`: whether a node with properties refuses others
 * (a structural schema prunes them, Strict validation refuses them); not inside anyOf/oneOf
 * branches, which each hold only some of a node's properties.
 */
function toAjv(node: SchemaNode, closed = true): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-') || key === 'default') continue;
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Record<string, SchemaNode>).map(([k, v]) => [k, toAjv(v)]));
    else if (key === 'items' || key === 'not') out[key] = toAjv(value as SchemaNode);
    else if (key === 'additionalProperties') out[key] = typeof value === 'object' ? toAjv(value as SchemaNode) : value;
    else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') out[key] = (value as SchemaNode[]).map((branch) => toAjv(branch, false));
    else out[key] = value;
  }
  // OpenAPI 3.0 writes an exclusive bound as a flag beside minimum/maximum; JSON Schema as the bound.
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && out[bound] !== undefined) out[flag] = out[bound], delete out[bound];
    else delete out[flag];
  }
  if (out['nullable'] === true && out['type'] === undefined) delete out['nullable'];
  if (node['x-kubernetes-int-or-string'] === true && out['anyOf'] === undefined) out['type'] = ['integer', 'string'];
  if (closed && out['properties'] !== undefined && out['additionalProperties'] === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true && node['x-kubernetes-embedded-resource'] !== true) {
    out['additionalProperties'] = false;
  }
  return out;
}

/** A kind's schema for Ajv: metadata is ObjectMeta, which the API server checks itself, whatever the CRD says of it. */
function rootToAjv(schema: SchemaNode): Record<string, unknown> {
  const root = toAjv(schema);
  const properties = root['properties'] as Record<string, unknown> | undefined;
  if (properties?.['metadata']) properties['metadata'] = { type: 'object' };
  return root;
}

/**
 * The object as the API server judges it: a null field counts as absent (the server drops it), and a
 * kind with a status has it set by its controller, not by what is applied (the status subresource
 * ignores it on create); a kind without one refuses it as any unknown field.
 */
function asApplied(o: Record<string, unknown>, schema: SchemaNode): unknown {
  const withoutNulls = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(withoutNulls);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
  };
  const applied = withoutNulls(o) as Record<string, unknown>;
  if ((schema['properties'] as Record<string, unknown> | undefined)?.['status'] !== undefined) delete applied['status'];
  return applied;
}

const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*$/;
const IPV6_CIDR = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*\/(\d|[1-9]\d|1[01]\d|12[0-8])$/;
const ipv4CidrText = (s: string) => {
  const [address, length, extra] = s.split('/');
  return extra === undefined && address !== undefined && isAddress(address) && /^(\d|[12]\d|3[0-2])$/.test(length ?? '');
};
const INT_RANGES: Record<string, [number, number]> = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
  for (const [name, [min, max]] of Object.entries(INT_RANGES)) ajv.addFormat(name, { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= min && n <= max });
  // The address formats the BGP and pool CRDs use, checked (IPv6 by its shape only).
  ajv.addFormat('ipv4', { type: 'string', validate: (s: string) => isAddress(s) });
  // Kubernetes' cidr format takes host bits (Go's net.ParseCIDR does); LB-IPAM masks them.
  ajv.addFormat('cidr', { type: 'string', validate: (s: string) => ipv4CidrText(s) || IPV6_CIDR.test(s) });
  ajv.addFormat('ipv6', { type: 'string', validate: (s: string) => IPV6.test(s) });
  // Formats the lab's objects do not use: left to the API server.
  for (const name of ['byte', 'date-time', 'date', 'duration', 'uri', 'hostname', 'mac', 'uuid', 'email', 'password', 'float', 'double']) ajv.addFormat(name, true);
  return ajv;
}

const compiled = new WeakMap<CompactCrdSet, Map<string, ValidateFunction>>();

function validatorFor(set: CompactCrdSet, kind: string, version: string): ValidateFunction {
  const byKey = compiled.get(set) ?? new Map<string, ValidateFunction>();
  compiled.set(set, byKey);
  const key = `${kind}/${version}`;
  let validate = byKey.get(key);
  if (!validate) {
    validate = newAjv().compile(rootToAjv(set.kinds[kind]!.versions[version]!.schema));
    byKey.set(key, validate);
  }
  return validate;
}

/** "/spec/bgpInstances/0/peers/0" -> "spec.bgpInstances[0].peers[0]". */
export function fieldPath(instancePath: string, child?: string): string {
  const parts = [...instancePath.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~')), ...(child === undefined ? [] : [child])];
  return parts.reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out === '' ? p : `${out}.${p}`), '');
}

function describe(e: ErrorObject): string | undefined {
  const at = fieldPath(e.instancePath);
  const value = JSON.stringify(e.data);
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(((e.parentSchema ?? {}) as { properties?: Record<string, unknown> }).properties ?? {});
      const nearest = nearestName(field, known);
      return `${fieldPath(e.instancePath, field)}: unknown field${nearest ? `; did you mean ${nearest}?` : ` (known here: ${known.join(', ')})`}`;
    }
    case 'required':
      return `${fieldPath(e.instancePath, (e.params as { missingProperty: string }).missingProperty)}: required`;
    case 'type':
      return `${at}: expected ${[(e.params as { type: string | string[] }).type].flat().join(' or ')}, got ${value}`;
    case 'enum':
      return `${at}: ${value} is not one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return `${at}: ${value} is ${e.keyword.includes('inimum') ? 'below' : 'above'} the ${e.keyword.startsWith('exclusive') ? 'exclusive ' : ''}${e.keyword.includes('inimum') ? 'minimum' : 'maximum'} ${(e.params as { limit: number }).limit}`;
    case 'pattern':
      return `${at}: ${value} does not match ${(e.params as { pattern: string }).pattern}`;
    case 'format':
      return `${at}: ${value} is not a valid ${(e.params as { format: string }).format}`;
    case 'minLength': case 'maxLength': case 'minItems': case 'maxItems':
      return `${at}: ${value} has ${e.keyword.startsWith('min') ? 'fewer' : 'more'} than ${(e.params as { limit: number }).limit} ${e.keyword.endsWith('Length') ? 'characters' : 'items'}`;
    case 'anyOf': case 'oneOf':
      return `${at}: ${value} matches none of the forms this field takes`;
    default:
      return `${at}: ${e.message ?? e.keyword}`;
  }
}

/** Ajv reports each failed branch of an anyOf too: the anyOf's own line says it once. */
function withoutBranchNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  return errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf' || !alternatives.some((a) => e.instancePath === a.instancePath && e.schemaPath.startsWith(`${a.schemaPath}/`)));
}

/** Every problem of every Cilium object (cilium.io) against the minor's schemas; other groups are not checked here. */
export function schemaProblems(objects: readonly CheckedObject[], set: CompactCrdSet): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') as [string, string] : ['', o.apiVersion];
    if (group !== 'cilium.io') continue;
    const where = `${o.source} ${o.kind}/${o.metadata.name}`;
    const kind = set.kinds[o.kind];
    if (!kind) {
      const nearest = nearestName(o.kind, Object.keys(set.kinds));
      problems.push(`${where} kind: Cilium ${set.minor} has no kind ${o.kind} among those checked here${nearest ? `; did you mean ${nearest}?` : ` (${Object.keys(set.kinds).join(', ')})`}`);
      continue;
    }
    const served = Object.entries(kind.versions).filter(([, v]) => v.served).map(([name]) => name);
    if (!served.includes(version)) {
      problems.push(`${where} apiVersion: Cilium ${set.minor} does not serve ${o.kind} as ${o.apiVersion} (it serves ${served.map((v) => `${group}/${v}`).join(', ')})`);
      continue;
    }
    const { source: _source, ...raw } = o;
    const validate = validatorFor(set, o.kind, version);
    if (validate(asApplied(raw, kind.versions[version]!.schema))) continue;
    for (const e of withoutBranchNoise(validate.errors ?? [])) {
      const text = describe(e);
      if (text) problems.push(`${where} ${text}`);
    }
  }
  return problems;
}
