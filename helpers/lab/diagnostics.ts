// Collects what someone needs to understand a failed run, into one folder:
// what the router kind and the cluster provider each say about themselves,
// and every node's view of its BGP sessions.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lab } from './lab.ts';

export async function collectDiagnostics(lab: Lab, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const save = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    written.push(name);
  };
  // Each source is best effort: a dead container must not hide what the others say.
  const attempt = async (what: string, read: () => Promise<Record<string, string>>) => {
    try {
      for (const [name, text] of Object.entries(await read())) await save(name, text);
    } catch (error) {
      await save(`${what}.txt`, `could not collect: ${(error as Error).message}\n`);
    }
  };
  await attempt('router', () => lab.router.diagnostics(lab.vipPrefix));
  for (const cluster of lab.state.clusters.filter((c) => !c.deleted)) {
    for (const node of cluster.nodes) {
      const name = `${node.name}-neighbors.json`;
      await attempt(name, async () => ({ [name]: JSON.stringify(await lab.nodeNeighbors(cluster.name, node.name), null, 2) }));
    }
  }
  await attempt('provider', () => lab.provider.diagnostics(lab.state, dir));
  return written;
}
