// The one owner of a running lab's state: a JSON file under .lab/ written at
// bring-up and rewritten by every change (a deleted or recreated cluster), so
// the next scenario file, another process and `npm run lab -- status` all see
// the lab as it is, not as it was started.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LabState } from '../model/state.ts';

export const STATE_DIR = '.lab';
/** The running lab's state (LAB_STATE_FILE overrides). */
export const STATE_FILE = process.env['LAB_STATE_FILE'] ?? `${STATE_DIR}/state.json`;

export class LabStateStore {
  readonly path: string;

  constructor(path: string = STATE_FILE) {
    this.path = path;
  }

  read(): LabState {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      throw new Error(`no running lab: ${this.path} is missing (start one with \`npm run lab -- up\`)`);
    }
    return JSON.parse(text) as LabState;
  }

  /** Written whole, then renamed: a reader never sees half a file. */
  write(state: LabState): LabState {
    mkdirSync(dirname(this.path), { recursive: true });
    const partial = `${this.path}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(state, null, 2));
    renameSync(partial, this.path);
    return state;
  }

  /** Applies a change to the current state and saves it. */
  update(change: (state: LabState) => LabState): LabState {
    return this.write(change(this.read()));
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
