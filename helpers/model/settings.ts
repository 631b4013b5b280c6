// The environment settings a run reads, checked together before anything
// starts: a mistyped one is one line naming the variable and its value, never a
// stack trace at import time or a silent fallback. Pure (the environment in).

export type Env = Readonly<Record<string, string | undefined>>;

/** A positive finite number, or undefined when unset; NaN when set to something else. */
export function positiveNumberSetting(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value : Number.NaN;
}

const POSITIVE: Readonly<Record<string, string>> = {
  LAB_PROBE_RATE: 'new connections per second, e.g. 50',
  LAB_PROBE_TIMEOUT_MS: 'a request timeout in ms, e.g. 300',
  LAB_BUDGET_SCALE: 'a factor on every wait budget, e.g. 2 on a slow machine',
  LAB_LABS_AT_ONCE: 'how many labs the suite runs at once, e.g. 2 (1: one lab for every scenario file, in order)',
};

const FLAGS = ['LAB_KEEP', 'LAB_SHAPES'];

/** "host:pid", as a session's owner is written (exec/owner.ts). */
const OWNER_FORMAT = /^.+:[1-9][0-9]*$/;

export function checkSettings(env: Env): string[] {
  const problems: string[] = [];
  for (const [name, what] of Object.entries(POSITIVE)) {
    if (Number.isNaN(positiveNumberSetting(env, name))) problems.push(`${name}="${env[name]}" is not a positive number (${what})`);
  }
  for (const name of FLAGS) {
    const raw = env[name];
    if (raw !== undefined && raw !== '' && raw !== '0' && raw !== '1') problems.push(`${name}="${raw}" is not 0 or 1`);
  }
  const guardian = env['LAB_GUARDIAN'];
  if (guardian !== undefined && guardian !== '' && !OWNER_FORMAT.test(guardian)) {
    problems.push(`LAB_GUARDIAN="${guardian}" is not host:pid (the process that answers for this run's leftovers, e.g. $(hostname):$$)`);
  }
  return problems;
}
