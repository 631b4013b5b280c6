// `npm run kind-config-keys -- <types.go> --release vX.Y.Z --origin TEXT`:
// derives the table of kind's config keys (helpers/providers/kind/kind-config-keys.ts)
// from kind's pkg/apis/config/v1alpha4/types.go at a release into
// fixtures/kind-config-keys/<release>.json, with where the file came from.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { goStructKeys, type KindConfigKeyTable } from '../helpers/providers/kind/kind-config-keys.ts';

const USAGE = 'usage: npm run kind-config-keys -- <pkg/apis/config/v1alpha4/types.go> --release v0.32.0 --origin "where it came from" [--out fixtures/kind-config-keys]';
const { values: opts, positionals } = parseArgs({ allowPositionals: true, options: { release: { type: 'string' }, origin: { type: 'string' }, out: { type: 'string', default: 'fixtures/kind-config-keys' } } });
const [file] = positionals;
if (!file || !opts.release || !opts.origin) {
  console.error(USAGE);
  process.exit(2);
}
const types = goStructKeys(readFileSync(file, 'utf8'));
if (!types['Cluster']) {
  console.error(`error: ${file} has no Cluster struct: not kind's v1alpha4 types.go\n${USAGE}`);
  process.exit(2);
}
const table: KindConfigKeyTable = { release: `kind ${opts.release}`, origin: opts.origin, generatedBy: 'scripts/kind-config-keys.ts', types };
mkdirSync(opts.out, { recursive: true });
const out = join(opts.out, `${opts.release}.json`);
writeFileSync(out, `${JSON.stringify(table, null, 1)}\n`);
console.log(`${out}: ${Object.keys(types).length} types of ${table.release}`);
