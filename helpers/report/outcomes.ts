// Each scenario test's outcome, saved as it finishes (one line per test, from
// whichever worker ran it), so the run's results say which scenarios passed and
// a baseline comparison can tell "passed before, fails now".
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { measurementsDir } from './measurements.ts';

export type Outcome = 'pass' | 'fail' | 'skip';

const OUTCOMES_FILE = 'outcomes.jsonl';

export async function recordOutcome(name: string, outcome: Outcome, dir = measurementsDir()): Promise<void> {
  await mkdir(dir, { recursive: true });
  await appendFile(join(dir, OUTCOMES_FILE), `${JSON.stringify({ name, outcome })}\n`);
}

/** Outcomes by test name (the last one recorded wins); empty when none were. */
export async function readOutcomes(dir = measurementsDir()): Promise<Record<string, Outcome>> {
  const text = await readFile(join(dir, OUTCOMES_FILE), 'utf8').catch(() => '');
  const out: Record<string, Outcome> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const { name, outcome } = JSON.parse(line) as { name: string; outcome: Outcome };
    out[name] = outcome;
  }
  return out;
}
