// Ctrl-C and kill during a run: a detached process removes the session's
// containers and networks, so they go even if this process dies right after.
import { spawn } from 'node:child_process';

const CLI = new URL('../cli/main.ts', import.meta.url).pathname;

export function spawnDetachedCleanup(session: string): void {
  spawn(process.execPath, [CLI, 'cleanup', '--session', session], { detached: true, stdio: 'ignore' }).unref();
}

/** Installs SIGINT/SIGTERM handlers that clean up the current session; returns a function that removes them. */
export function cleanupOnSignals(currentSession: () => string | undefined, log: (line: string) => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    const session = currentSession();
    if (session) {
      log(`${signal}: removing lab session ${session}`);
      spawnDetachedCleanup(session);
    }
    process.exitCode = 130;
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
