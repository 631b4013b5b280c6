// `npm run chart-keys -- <chart folder> --origin TEXT`: derives the value-key
// table of one unpacked Cilium chart (`helm pull cilium --repo
// https://helm.cilium.io --version X --untar`, or a chart folder of the
// cilium/cilium tree) into fixtures/cilium-chart-keys/<minor>.json, from its
// values.yaml, values.schema.json and the .Values references of its templates
// (helpers/providers/kind/chart-keys.ts). The origin (where the chart came
// from, at which commit) is written into the table.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { chartKeys, type ChartKeyTable } from '../helpers/providers/kind/chart-keys.ts';

const USAGE = 'usage: npm run chart-keys -- <unpacked chart folder> --origin "where it came from" [--out fixtures/cilium-chart-keys]';
const { values: opts, positionals } = parseArgs({ allowPositionals: true, options: { origin: { type: 'string' }, out: { type: 'string', default: 'fixtures/cilium-chart-keys' } } });
const [dir] = positionals;
if (!dir || !opts.origin) {
  console.error(USAGE);
  process.exit(2);
}
for (const file of ['Chart.yaml', 'values.yaml', 'templates']) {
  if (!existsSync(join(dir, file))) {
    console.error(`error: ${join(dir, file)} is missing: not an unpacked chart\n${USAGE}`);
    process.exit(2);
  }
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).sort().flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const chart = parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as { name: string; version: string };
const schemaFile = join(dir, 'values.schema.json');
const table: ChartKeyTable = {
  chart: `${chart.name} ${chart.version}`,
  origin: opts.origin,
  generatedBy: 'scripts/cilium-chart-keys.ts',
  keys: chartKeys(
    parse(readFileSync(join(dir, 'values.yaml'), 'utf8')),
    existsSync(schemaFile) ? JSON.parse(readFileSync(schemaFile, 'utf8')) : {},
    filesUnder(join(dir, 'templates')).map((f) => readFileSync(f, 'utf8')),
  ),
};
const [major, minor] = chart.version.split('.');
mkdirSync(opts.out, { recursive: true });
const out = join(opts.out, `${major}.${minor}.json`);
writeFileSync(out, `${JSON.stringify(table, null, 1)}\n`);
console.log(`${out}: ${Object.keys(table.keys).length} keys of ${table.chart}`);
