// The compact CRD schemas of each Cilium minor the lab knows
// (fixtures/cilium-schemas/<minor>.json, made by scripts/cilium-crd-schemas.ts),
// and which one a run checks its manifests against: CILIUM_VERSION's minor when
// set (the kind provider installs it), else the newest.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CompactCrdSet } from './compact-schema.ts';

export const SCHEMAS_DIR = fileURLToPath(new URL('../../../fixtures/cilium-schemas/', import.meta.url));

const byMinor = (a: string, b: string) => Number(a.split('.')[1]) - Number(b.split('.')[1]);

/** The minors with schemas, oldest first. */
export function schemaMinors(dir = SCHEMAS_DIR): string[] {
  return readdirSync(dir).flatMap((f) => /^(1\.\d+)\.json$/.exec(f)?.[1] ?? []).sort(byMinor);
}

/**
 * The minor whose schemas judge a run: CILIUM_VERSION's ("1.19", "1.19.6", "v1.19.6"); a minor newer
 * than any known gets the newest known (the API server is the judge on a real cluster), an older one
 * is refused naming what is known.
 */
export function schemaMinorFor(ciliumVersion: string | undefined, known: readonly string[]): string {
  const newest = known.at(-1);
  if (!newest) throw new Error('no Cilium CRD schemas in fixtures/cilium-schemas/ (npm run crd-schemas makes them)');
  if (!ciliumVersion) return newest;
  const minor = /^v?(1\.\d+)/.exec(ciliumVersion)?.[1];
  if (!minor) throw new Error(`CILIUM_VERSION="${ciliumVersion}" is not a Cilium version like 1.19 or 1.19.6`);
  if (known.includes(minor)) return minor;
  if (byMinor(minor, newest) > 0) return newest;
  throw new Error(`CILIUM_VERSION="${ciliumVersion}": no CRD schemas for Cilium ${minor} (known: ${known.join(', ')})`);
}

const loaded = new Map<string, CompactCrdSet>();

export function schemaSet(minor: string, dir = SCHEMAS_DIR): CompactCrdSet {
  let set = loaded.get(`${dir}|${minor}`);
  if (!set) {
    set = JSON.parse(readFileSync(`${dir}/${minor}.json`, 'utf8')) as CompactCrdSet;
    loaded.set(`${dir}|${minor}`, set);
  }
  return set;
}
