// One shape for "a command failed" everywhere: what ran, where, what was
// expected, what came back (exit code and the tail of its output).

export function tail(text: string, lines = 15): string {
  const all = text.trimEnd().split('\n');
  return (all.length > lines ? ['…', ...all.slice(-lines)] : all).join('\n');
}

export class CommandError extends Error {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  constructor(where: string, argv: readonly string[], exitCode: number | undefined, stdout: string, stderr: string, expected = 'exit code 0') {
    const output = tail(stderr || stdout);
    super(`${where}: \`${argv.join(' ')}\` expected ${expected}, got ${exitCode === undefined ? 'no exit code' : `exit code ${exitCode}`}${output ? `:\n${output}` : ''}`);
    this.name = 'CommandError';
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
  }
}
