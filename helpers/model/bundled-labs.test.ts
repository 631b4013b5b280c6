// Every lab shape bundled in fixtures/labs/ is a correct lab: its spec validates and its manifests
// agree with it, so a run of it can only be red where the lab misbehaves.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveLab } from './resolve.ts';
import type { LabSpec } from './spec.ts';

const DIR = 'fixtures/labs';
const shapes = readdirSync(DIR).filter((f) => f.endsWith('.ts')).sort();

describe('the bundled lab shapes', () => {
  it('include the default router policy', () => {
    expect(shapes).toContain('default-policy.ts');
  });

  it.each(shapes)('%s resolves: its spec validates and its manifests agree with it', async (file) => {
    const spec = (await import(pathToFileURL(resolve(join(DIR, file))).href) as { default: LabSpec }).default;
    await expect(resolveLab(spec)).resolves.toMatchObject({ spec: { name: spec.name } });
  });
});
