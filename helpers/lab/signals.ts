// Ctrl-C and kill during a run: a detached process removes the session's
// containers and networks, so they go even if this process dies right after.
import { spawn } from 'node:child_process';

const CLEANUP = new URL('./cleanup-run.ts', import.meta.url).pathname;

function spawnDetachedCleanup(session: string): void {
  spawn(process.execPath, [CLEANUP, session], { detached: true, stdio: 'ignore' }).unref();
}

/** Installs SIGINT/SIGTERM handlers that clean up the current session; returns a function that removes them. */
export function cleanupOnSignals(currentSession: () => string | undefined, log: (line: string) => void, exit = false): () => void {
  const handler = (signal: NodeJS.Signals) => {
    const session = currentSession();
    if (session) {
      log(`${signal}: removing lab session ${session}`);
      spawnDetachedCleanup(session);
    }
    process.exitCode = 130;
    // A handler replaces Node's default exit on SIGINT; the CLI asks to exit, vitest exits on its own.
    if (exit) process.exit(130);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
