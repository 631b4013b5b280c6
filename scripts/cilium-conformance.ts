// `npm run conformance -- [--list]`: how far the emulator's Cilium model agrees
// with Cilium's own tests (fixtures/cilium-conformance/): the corpus size, the
// share of cases that agree, the deviations per behaviour, and with --list
// every deviation with its reason and upstream source. Exit 1 when a case parts
// from Cilium without being listed, or a listed one agrees again.
import { parseArgs } from 'node:util';
import { runCorpus } from '../helpers/cilium/conformance/corpus.ts';
import { formatAgreement, judgeAgreement } from '../helpers/cilium/conformance/agreement.ts';

const { values } = parseArgs({ options: { list: { type: 'boolean', default: false } } });
const { verdicts, deviations } = runCorpus();
const agreement = judgeAgreement(verdicts, deviations);
console.log(formatAgreement(agreement));
if (values.list) {
  for (const d of agreement.deviating) console.log(`\n${d.suite} ${d.case.behaviour} ${d.case.id}\n  why: ${d.why}\n  from: ${d.case.source.repo} ${d.case.source.path} (${d.case.source.test}) at ${d.case.source.commit}\n  differs: ${d.differences.join('\n           ')}`);
}
for (const v of agreement.unlisted) console.log(`\nUNLISTED ${v.suite} ${v.case.id}: ${v.differences.join('; ')}`);
for (const id of agreement.listedButAgreeing) console.log(`\nAGREES NOW (remove from deviations.yaml): ${id}`);
for (const id of agreement.unknown) console.log(`\nNO SUCH CASE (listed in deviations.yaml): ${id}`);
process.exit(agreement.unlisted.length + agreement.listedButAgreeing.length + agreement.unknown.length > 0 ? 1 : 0);
