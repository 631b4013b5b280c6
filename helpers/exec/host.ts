// Runs a program on the host (docker, kind, helm) through execa, with its whole
// process tree killed on timeout and a readable error on failure.
import { execa } from 'execa';
import { CommandError } from './errors.ts';

export interface HostRunOptions {
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
  readonly input?: string;
  readonly cwd?: string;
}

export interface HostResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export async function runHost(argv: readonly string[], options: HostRunOptions = {}): Promise<HostResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error('runHost: empty command');
  const result = await execa(file, args, {
    reject: false,
    env: options.env,
    timeout: options.timeoutMs,
    killDescendants: true,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  if (result.failed || result.exitCode !== 0) {
    const why = result.timedOut ? `finish within ${options.timeoutMs} ms` : 'exit code 0';
    const stdout = String(result.stdout ?? '');
    // A program that could not start (ENOENT) prints nothing: execa's message says why.
    const stderr = String(result.stderr ?? '') || (stdout ? '' : String(result.message ?? ''));
    throw new CommandError('host', argv, result.exitCode, stdout, stderr, why);
  }
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? 0 };
}
