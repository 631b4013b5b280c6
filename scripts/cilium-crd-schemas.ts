// `npm run crd-schemas -- --from DIR --minor 1.18 --ref v1.18.10 --commit SHA`:
// reads Cilium's CRD files (the YAML under pkg/k8s/apis/cilium.io/client/crds/
// at a release, or `kubectl get crd -o yaml` of a live cluster's cilium.io CRDs,
// one or more per file) and writes fixtures/cilium-schemas/<minor>.json: each
// kind's served versions with the compact schema the lab validates manifests
// against (helpers/cilium/schema/), and where it came from.
import { parseArgs } from 'node:util';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kindSchemasOf, type CompactCrdSet, type CrdObject, type KindSchemas } from '../helpers/cilium/schema/compact-schema.ts';

const USAGE = `usage: npm run crd-schemas -- --from DIR --minor X.Y --ref REF --commit SHA [--repo R] [--path P] [--out FILE]
  --from DIR     the CRD YAML files (each may hold several documents, or a List of CRDs)
  --minor X.Y    the Cilium minor they belong to
  --ref REF      the release tag or branch read (v1.18.10)
  --commit SHA   the commit of that ref (40 hex)
  --repo R       default cilium/cilium;  --path P  default pkg/k8s/apis/cilium.io/client/crds/
  --out FILE     default fixtures/cilium-schemas/<minor>.json`;

function fail(message: string): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({ options: { from: { type: 'string' }, minor: { type: 'string' }, ref: { type: 'string' }, commit: { type: 'string' }, repo: { type: 'string', default: 'cilium/cilium' }, path: { type: 'string', default: 'pkg/k8s/apis/cilium.io/client/crds/' }, out: { type: 'string' } } }));
} catch (error) {
  fail((error as Error).message);
}
if (!values.from) fail('--from is required');
if (!values.minor || !/^1\.\d+$/.test(values.minor)) fail(`--minor "${values.minor ?? ''}" is not a Cilium minor like 1.18`);
if (!values.ref) fail('--ref is required');
if (!values.commit || !/^[0-9a-f]{40}$/.test(values.commit)) fail(`--commit "${values.commit ?? ''}" is not a 40-hex commit`);

const kinds: Record<string, KindSchemas> = {};
const files = (await readdir(values.from)).filter((f) => /\.ya?ml$/.test(f)).sort();
if (files.length === 0) fail(`--from ${values.from} holds no .yaml files`);
for (const file of files) {
  const docs = parseAllDocuments(await readFile(join(values.from, file), 'utf8'));
  docs.forEach((doc, i) => {
    const value = doc.toJS() as (CrdObject & { items?: CrdObject[] }) | null;
    if (!value) return;
    for (const crd of value.kind === 'List' ? value.items ?? [] : [value]) {
      const [kind, schemas] = kindSchemasOf(crd, `${file}#${i}`);
      if (schemas.group !== 'cilium.io') continue;
      kinds[kind] = schemas;
    }
  });
}
const set: CompactCrdSet = {
  minor: values.minor,
  origin: { repo: values.repo, path: values.path, ref: values.ref, commit: values.commit, generatedBy: 'scripts/cilium-crd-schemas.ts' },
  kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b))),
};
const out = values.out ?? join('fixtures', 'cilium-schemas', `${values.minor}.json`);
await mkdir(join(out, '..'), { recursive: true });
await writeFile(out, `${JSON.stringify(set, null, 1)}\n`);
console.log(`${out}: ${Object.entries(set.kinds).map(([k, s]) => `${k} (${Object.entries(s.versions).map(([v, x]) => `${v}${x.served ? '' : ' not served'}`).join(', ')})`).join('; ')}`);
