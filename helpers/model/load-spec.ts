// Finds the lab spec to run: LAB_SPEC (a module whose default export is a
// LabSpec) or the reference lab.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LabSpec } from './spec.ts';

export const DEFAULT_SPEC = 'fixtures/reference-lab.ts';

export async function loadSpec(path: string = process.env['LAB_SPEC'] ?? DEFAULT_SPEC): Promise<LabSpec> {
  const url = pathToFileURL(resolve(path)).href;
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (error) {
    throw new Error(`LAB_SPEC="${path}": cannot load it (${(error as Error).message})`, { cause: error });
  }
  if (typeof mod.default !== 'object' || mod.default === null) {
    throw new Error(`LAB_SPEC="${path}": expected a default export made with defineLab({...}), got ${typeof mod.default}`);
  }
  return mod.default as LabSpec;
}
