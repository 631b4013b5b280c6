// The running lab, for scenario files.
import { inject } from 'vitest';
import { Lab } from '../helpers/lab/lab.ts';

export function useLab(): Lab {
  return new Lab(inject('lab'));
}
