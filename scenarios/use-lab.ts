// The running lab, for scenario files: opened from the session's state file,
// so it is the lab as the previous scenario file left it.
import { inject } from 'vitest';
import { Lab } from '../helpers/lab/lab.ts';
import { LabStateStore } from '../helpers/lab/state-store.ts';

export function useLab(): Lab {
  return Lab.open(new LabStateStore(inject('labStateFile')));
}
