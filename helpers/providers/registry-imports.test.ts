// Loading the provider registry, as vitest.config.ts and every scenario file's worker do, must not load
// the Kubernetes client: it costs about a second and a half of CPU to import, and an emulated run never
// uses it (the kind provider loads it on its first API call, kind/kube-ops.ts).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Node's own module hooks, in a child process with a fresh module graph: every specifier resolved while the registry loads.
const PROBE = `
import { registerHooks } from 'node:module';
const seen = [];
registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
const { PROVIDERS } = await import('./helpers/providers/registry.ts');
console.log(JSON.stringify({ providers: Object.keys(PROVIDERS), seen }));
`;

describe('the provider registry', () => {
  it('loads both providers without the Kubernetes client', () => {
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', PROBE], { encoding: 'utf8' })) as { providers: string[]; seen: string[] };
    expect(out.providers).toEqual(['emulated', 'kind']);
    expect(out.seen.some((s) => s.includes('kube-ops.ts')), 'the probe saw the kind provider load').toBe(true);
    expect(out.seen.filter((s) => s.includes('@kubernetes/client-node') || s.includes('/k8s/'))).toEqual([]);
  });
});
