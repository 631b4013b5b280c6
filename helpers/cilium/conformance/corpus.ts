// Reads the conformance corpus from disk (fixtures/cilium-conformance/: bgp/
// and lb-ipam/ case files, deviations.yaml) and runs the model on every case.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCases, parseDeviations, type Deviation } from './case.ts';
import { bgpDifferences } from './bgp-verdict.ts';
import { lbIpamDifferences } from './lb-ipam-verdict.ts';
import type { CaseVerdict } from './agreement.ts';

export const CORPUS_DIR = 'fixtures/cilium-conformance';

const SUITES = { bgp: bgpDifferences, 'lb-ipam': lbIpamDifferences } as const;

export function runCorpus(dir = CORPUS_DIR): { verdicts: CaseVerdict[]; deviations: Deviation[] } {
  const verdicts: CaseVerdict[] = [];
  const ids = new Set<string>();
  for (const [suite, differences] of Object.entries(SUITES) as [CaseVerdict['suite'], (typeof SUITES)[keyof typeof SUITES]][]) {
    for (const file of readdirSync(join(dir, suite)).filter((f) => f.endsWith('.yaml')).sort()) {
      for (const c of parseCases(readFileSync(join(dir, suite, file), 'utf8'), join(suite, file))) {
        if (ids.has(c.id)) throw new Error(`conformance corpus: case id ${c.id} is used twice (${join(suite, file)})`);
        ids.add(c.id);
        verdicts.push({ case: c, suite, differences: differences(c) });
      }
    }
  }
  return { verdicts, deviations: parseDeviations(readFileSync(join(dir, 'deviations.yaml'), 'utf8'), 'deviations.yaml') };
}
