// What a kind config may say: the v1alpha4 types of the pinned kind release as
// a table (fixtures/kind-config-keys/<release>.json, made by
// scripts/kind-config-keys.ts from kind's pkg/apis/config/v1alpha4/types.go),
// and the check that every key the provider writes is one of them. kind reads
// its config strictly (an unknown key fails `kind create cluster`), so this
// catches at test time what the first real run would. Pure.

/** Type name to its serialized keys, each with its Go type ("[]Node", "string", "map[string]bool"). */
export type KindConfigTypes = Record<string, Record<string, string>>;

export interface KindConfigKeyTable {
  /** "kind v0.32.0". */
  readonly release: string;
  readonly origin: string;
  readonly generatedBy: string;
  readonly types: KindConfigTypes;
}

/** The structs of a Go file and their fields' yaml names; inline fields (`yaml:",inline"`) bring their type's fields in. */
export function goStructKeys(source: string): KindConfigTypes {
  const structs: Record<string, { name: string; type: string; inline: boolean }[]> = {};
  for (const m of source.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
    structs[m[1]!] = [...m[2]!.matchAll(/^\s*(\w+)?\s*(\S+)?\s*`yaml:"([^"]*)"/gm)].map((f) => {
      const [name = '', ...opts] = f[3]!.split(',');
      // An embedded struct (TypeMeta) has its type where a field has its name.
      return { name, type: f[2] ?? f[1]!, inline: opts.includes('inline') };
    });
  }
  const keysOf = (type: string): Record<string, string> => Object.fromEntries((structs[type] ?? []).flatMap((f) => (f.inline ? Object.entries(keysOf(f.type)) : [[f.name, f.type]])));
  return Object.fromEntries(Object.keys(structs).map((t) => [t, keysOf(t)]));
}

/** The struct a field's Go type holds, if the table has it: "[]Node" and "*Networking" to Node and Networking. */
function structOf(types: KindConfigTypes, goType: string): string | undefined {
  const name = goType.replace(/^(\[\]|\*)+/, '');
  return types[name] ? name : undefined;
}

/** Keys of `config` that the type does not have, as paths ("networking.kubeProxyModee"), walking into structs and lists of them. */
export function unknownKindConfigKeys(types: KindConfigTypes, config: unknown, type = 'Cluster', path = ''): string[] {
  if (Array.isArray(config)) return config.flatMap((item, i) => unknownKindConfigKeys(types, item, type, `${path}[${i}]`));
  if (typeof config !== 'object' || config === null) return [];
  const fields = types[type] ?? {};
  return Object.entries(config).flatMap(([key, value]) => {
    const at = path ? `${path}.${key}` : key;
    const goType = fields[key];
    if (goType === undefined) return [`${at}: no such key in kind's ${type}`];
    const inner = structOf(types, goType);
    return inner ? unknownKindConfigKeys(types, value, inner, at) : [];
  });
}
