// Every key of the kind config the provider writes exists in the pinned kind
// release's v1alpha4 types (fixtures/kind-config-keys, made by
// scripts/kind-config-keys.ts from kind's own types.go; the table says which).
// kind reads its config strictly, so an unknown key would fail the first real
// `kind create cluster`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import reference from '../../../fixtures/reference-lab.ts';
import { goStructKeys, unknownKindConfigKeys, type KindConfigKeyTable } from './kind-config-keys.ts';
import { kindConfig } from './kind-config.ts';
import { KIND_NODE_IMAGES, KIND_VERSION } from './versions.ts';

const table = JSON.parse(readFileSync(`fixtures/kind-config-keys/v${KIND_VERSION}.json`, 'utf8')) as KindConfigKeyTable;

describe('the kind config the provider writes', () => {
  it(`has only keys of kind v${KIND_VERSION}'s v1alpha4 types, for every cluster and node image`, () => {
    expect(table.release).toBe(`kind v${KIND_VERSION}`);
    for (const cluster of [...reference.clusters, { ...reference.clusters[0]!, nodes: 3 }]) {
      for (const image of Object.values(KIND_NODE_IMAGES)) {
        expect(unknownKindConfigKeys(table.types, kindConfig(cluster, image)), `${cluster.name} (${table.origin})`).toEqual([]);
      }
    }
  });
});

describe('unknownKindConfigKeys', () => {
  it('names a misspelt key at its path, in lists of structs too', () => {
    const config = { ...kindConfig(reference.clusters[0]!, KIND_NODE_IMAGES['1.35']), networking: { kubeProxyModee: 'none' }, nodes: [{ role: 'worker', imagee: 'x' }] };
    expect(unknownKindConfigKeys(table.types, config)).toEqual([
      "networking.kubeProxyModee: no such key in kind's Networking",
      "nodes[0].imagee: no such key in kind's Node",
    ]);
  });
});

describe('goStructKeys', () => {
  it('reads each struct\'s yaml names and brings an inline struct\'s fields in', () => {
    const source = [
      'type Cluster struct {',
      '\tTypeMeta `yaml:",inline" json:",inline"`',
      '\t// Nodes of the cluster',
      '\tNodes []Node `yaml:"nodes,omitempty" json:"nodes,omitempty"`',
      '}',
      'type TypeMeta struct {',
      '\tKind string `yaml:"kind,omitempty" json:"kind,omitempty"`',
      '}',
      'type Node struct {',
      '\tRole NodeRole `yaml:"role,omitempty" json:"role,omitempty"`',
      '}',
    ].join('\n');
    expect(goStructKeys(source)).toEqual({ Cluster: { kind: 'string', nodes: '[]Node' }, TypeMeta: { kind: 'string' }, Node: { role: 'NodeRole' } });
  });
});
