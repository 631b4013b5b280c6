// Reads the golden manifests: every YAML document of <dir>/common plus
// <dir>/<cluster>. The same objects go to kind (applied) and to the emulated
// provider (translated), so both providers run the very same configuration.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec?: unknown;
  readonly data?: unknown;
  readonly stringData?: unknown;
  /** File and document index, for error messages. */
  readonly source: string;
}

export function parseManifests(text: string, source: string): KubeObject[] {
  const objects: KubeObject[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    const where = `${source}#${index}`;
    if (doc.errors.length > 0) throw new Error(`${where}: YAML error: ${doc.errors[0]?.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: expected a Kubernetes object, got ${JSON.stringify(value)}`);
    const obj = value as Record<string, unknown>;
    const metadata = obj['metadata'] as Record<string, unknown> | undefined;
    for (const [field, present] of [['apiVersion', obj['apiVersion']], ['kind', obj['kind']], ['metadata.name', metadata?.['name']]] as const) {
      if (typeof present !== 'string' || present === '') throw new Error(`${where}: ${field} is missing or not a string (got ${JSON.stringify(present)})`);
    }
    objects.push({ ...(obj as unknown as Omit<KubeObject, 'source'>), source: where });
  });
  return objects;
}

async function yamlFiles(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => join(dir, n));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The manifests for one cluster: shared ones first, then the cluster's own. */
export async function loadClusterManifests(manifestsDir: string, cluster: string): Promise<KubeObject[]> {
  const files = [...(await yamlFiles(join(manifestsDir, 'common'))), ...(await yamlFiles(join(manifestsDir, cluster)))];
  if (files.length === 0) throw new Error(`no manifests for cluster "${cluster}": ${manifestsDir}/common and ${manifestsDir}/${cluster} hold no .yaml files`);
  const perFile = await Promise.all(files.map(async (f) => parseManifests(await readFile(f, 'utf8'), f)));
  return perFile.flat();
}
