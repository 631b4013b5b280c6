// The model against Cilium's own tests (fixtures/cilium-conformance/): every
// case agrees, or is listed in deviations.yaml with the reason.
import { describe, expect, it } from 'vitest';
import { runCorpus } from './corpus.ts';
import { formatAgreement, judgeAgreement, type CaseVerdict } from './agreement.ts';
import { parseCases, parseDeviations, type ConformanceCase } from './case.ts';

describe('the Cilium model against the conformance corpus', () => {
  const { verdicts, deviations } = runCorpus();
  const agreement = judgeAgreement(verdicts, deviations);
  console.log(formatAgreement(agreement));

  it('has every case that parts from Cilium in the deviations list', () => {
    const unlisted = agreement.unlisted.map((v) => `${v.case.id} (${v.case.source.path}, ${v.case.source.test}): ${v.differences.join('; ')}`);
    expect(unlisted, 'cases where the model parts from Cilium: fix the model, or list the case in fixtures/cilium-conformance/deviations.yaml with the reason').toEqual([]);
  });

  it('lists no case that agrees with Cilium, and no case the corpus lacks', () => {
    expect(agreement.listedButAgreeing, 'these agree now: remove them from fixtures/cilium-conformance/deviations.yaml').toEqual([]);
    expect(agreement.unknown, 'deviations.yaml names cases the corpus does not have').toEqual([]);
  });

  it('covers the behaviours the model must answer for, from both Cilium test suites', () => {
    const behaviours = new Set(verdicts.map((v) => `${v.suite} ${v.case.behaviour}`));
    for (const b of ['bgp lb-class', 'bgp etp-local', 'bgp itp-local', 'bgp no-endpoints', 'bgp address-types', 'bgp selector', 'bgp path-attributes', 'bgp aggregation', 'bgp multi-peer', 'bgp peer-config',
      'lb-ipam lb-class', 'lb-ipam requested-ip', 'lb-ipam sharing', 'lb-ipam disabled-pool', 'lb-ipam pool-selector', 'lb-ipam first-last', 'lb-ipam conflict']) {
      expect(behaviours, `no case for ${b}`).toContain(b);
    }
    expect(verdicts.length).toBeGreaterThanOrEqual(60);
  });
});

const aCase = (id: string): ConformanceCase => ({ id, behaviour: 'b', source: { repo: 'r', path: 'p', test: 't', commit: '0'.repeat(40) }, summary: '', objects: [], expect: {}, confidence: 'high' });
const verdict = (id: string, differences: string[]): CaseVerdict => ({ case: aCase(id), suite: 'bgp', differences });

describe('judgeAgreement', () => {
  it('sorts cases into agreeing, listed deviations, unlisted differences and listed ones that agree', () => {
    const a = judgeAgreement([verdict('ok', []), verdict('known', ['x']), verdict('new', ['y']), verdict('fixed', [])], [{ id: 'known', why: 'w' }, { id: 'fixed', why: 'w' }, { id: 'gone', why: 'w' }]);
    expect(a.total).toBe(4);
    expect(a.agreeing).toBe(2);
    expect(a.deviating.map((d) => [d.case.id, d.why])).toEqual([['known', 'w']]);
    expect(a.unlisted.map((v) => v.case.id)).toEqual(['new']);
    expect(a.listedButAgreeing).toEqual(['fixed']);
    expect(a.unknown).toEqual(['gone']);
    expect(formatAgreement(a).split('\n')[0]).toBe('Cilium conformance: 2 of 4 cases agree (50%), 1 listed deviations, 1 unlisted, 1 listed but agreeing');
  });
});

describe('parseCases and parseDeviations', () => {
  it('name every problem of every case, with file and case', () => {
    const text = '- id: a\n  behaviour: b\n  source: { repo: r, path: p, test: t, commit: abc }\n  summary: s\n  objects: {}\n  expect: {}\n  confidence: sure\n- id: c\n';
    expect(() => parseCases(text, 'f.yaml')).toThrow([
      'conformance cases: 11 problem(s):',
      '  - f.yaml case 0 (a): source.commit "abc" is not a 40-hex commit',
      '  - f.yaml case 0 (a): objects is not a list',
      '  - f.yaml case 0 (a): confidence "sure" is not high, medium or low',
    ].join('\n'));
    expect(() => parseCases('a: 1', 'f.yaml')).toThrow('f.yaml: expected a list of cases, got object');
  });

  it('refuse a deviation without a reason, or listed twice', () => {
    expect(() => parseDeviations('- id: a\n- id: b\n  why: w\n- id: b\n  why: w\n', 'd.yaml')).toThrow('d.yaml entry 0: needs an id and a why, got {"id":"a"}\nd.yaml entry 2: b is listed twice');
  });
});
