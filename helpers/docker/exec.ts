// Runs a command inside a lab container through the Docker API (no shell
// unless the argv asks for one). The lab's probes and reads all go through here.
import { runtime } from './runtime.ts';
import { CommandError } from '../exec/errors.ts';

export interface ContainerResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * `container` is the container's name (or id). Names are what the lab uses:
 * they stay the same when a deleted cluster is recreated, ids do not.
 */
export async function execIn(container: string, argv: readonly string[]): Promise<ContainerResult> {
  const client = await runtime();
  const result = await client.container.exec(client.container.getById(container), [...argv], { log: false });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
}

/** Like execIn, but a non-zero exit is an error naming the container and the command. */
export async function execOk(container: string, argv: readonly string[]): Promise<string> {
  const result = await execIn(container, argv);
  if (result.exitCode !== 0) throw new CommandError(`container ${container}`, argv, result.exitCode, result.stdout, result.stderr);
  return result.stdout;
}
