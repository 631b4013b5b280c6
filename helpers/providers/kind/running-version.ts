// Which Cilium each kind cluster of a session runs now, kept beside its
// kubeconfig. Not in memory: the rolling upgrade runs in one scenario file's
// worker, while later scenario files (nodeNeighbors, withdrawAdvertisements, a
// recreated cluster) and the session's results (versions, in Vitest's global
// setup) run in other processes. A record of another session is not believed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCiliumVersion, type CiliumVersion } from './versions.ts';

interface RunningRecord {
  readonly session: string;
  readonly version: string;
}

export function runningCiliumPath(workDir: string, cluster: string): string {
  return join(workDir, cluster, 'cilium-running.json');
}

export async function recordRunningCilium(workDir: string, session: string, cluster: string, version: string): Promise<void> {
  const path = runningCiliumPath(workDir, cluster);
  await mkdir(join(workDir, cluster), { recursive: true });
  await writeFile(path, `${JSON.stringify({ session, version } satisfies RunningRecord)}\n`);
}

/** The version recorded for this session's cluster; undefined when none was (or another session's was). */
export async function runningCilium(workDir: string, session: string | undefined, cluster: string): Promise<CiliumVersion | undefined> {
  const text = await readFile(runningCiliumPath(workDir, cluster), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const record = JSON.parse(text) as Partial<RunningRecord>;
    return record.session === session && typeof record.version === 'string' ? parseCiliumVersion(record.version) : undefined;
  } catch {
    return undefined;
  }
}
