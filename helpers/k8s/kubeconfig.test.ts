import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKubeConfig } from './kubeconfig.ts';

const TWO_CONTEXTS = `apiVersion: v1
kind: Config
clusters:
  - name: kind-kind01
    cluster: { server: 'https://127.0.0.1:40001', insecure-skip-tls-verify: true }
  - name: kind-kind02
    cluster: { server: 'https://127.0.0.1:40002', insecure-skip-tls-verify: true }
contexts:
  - name: kind-kind01
    context: { cluster: kind-kind01, user: kind-kind01 }
  - name: kind-kind02
    context: { cluster: kind-kind02, user: kind-kind02 }
current-context: kind-kind02
users:
  - name: kind-kind01
    user: { token: a }
  - name: kind-kind02
    user: { token: b }
`;

describe('loadKubeConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubeconfig-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("makes the file's first context current, whatever current-context says", async () => {
    const path = join(dir, 'kubeconfig');
    await writeFile(path, TWO_CONTEXTS);
    const kc = loadKubeConfig(path);
    expect(kc.getCurrentContext()).toBe('kind-kind01');
    expect(kc.getCurrentCluster()?.server).toBe('https://127.0.0.1:40001');
  });

  it('fails naming the file when it defines no context', async () => {
    const path = join(dir, 'empty');
    await writeFile(path, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    expect(() => loadKubeConfig(path)).toThrow(`kubeconfig ${path}: it defines no context`);
  });

  it('fails naming the file when it is missing', () => {
    const path = join(dir, 'missing');
    expect(() => loadKubeConfig(path)).toThrow(new RegExp(`^kubeconfig ${path}: cannot load it: .*ENOENT`));
  });
});
