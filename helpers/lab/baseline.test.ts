import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configuredBaseline, defaultBaselinePath, judgeAgainstBaseline, saveBaseline } from './baseline.ts';
import type { RunResults } from '../report/results.ts';
import reference from '../../fixtures/reference-lab.ts';

const results = (scenarios: Record<string, 'pass' | 'fail' | 'skip'>, convergenceMs = 15_200): RunResults => ({
  schema: 'anycast-lab/results/v1',
  meta: { provider: 'emulated', spec: 'anycast', session: 's1', startedAt: '2026-11-27T04:00:00Z', versions: { frr: '10.3', gobgp: '3.36.0' }, phases: {}, host: { cpus: 2, memoryGiB: 24, platform: 'linux x64' } },
  measurements: { 'abrupt-deletion': { action: 'abrupt deletion of kind01', convergenceMs, requests: 950, failed: 380, failedPercent: 40, failedBeforeAction: 0, rehashed: 0, sharesBefore: {}, sharesAfter: {}, probeRate: 50, probeTimeoutMs: 300 } },
  scenarios,
});

describe('baselines', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('is LAB_BASELINE, none with LAB_BASELINE=none, else the default path only when it exists', () => {
    expect(configuredBaseline('anycast', 'emulated', { LAB_BASELINE: 'none' })).toBeUndefined();
    expect(configuredBaseline('no-such-lab', 'emulated', {})).toBeUndefined();
    expect(configuredBaseline('anycast', 'emulated', { LAB_BASELINE: 'package.json' })).toBe('package.json');
    expect(() => configuredBaseline('anycast', 'emulated', { LAB_BASELINE: 'baselines/typo.json' })).toThrow('LAB_BASELINE="baselines/typo.json": no such file');
    expect(defaultBaselinePath('anycast', 'kind')).toBe('baselines/anycast-kind.json');
  });

  it('saves a run where every scenario passed, and refuses one where one did not or none ran', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baseline-'));
    dirs.push(dir);
    const path = await saveBaseline(results({ '04 > abrupt': 'pass' }), join(dir, 'b.json'));
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ scenarios: { '04 > abrupt': 'pass' } });
    await expect(saveBaseline(results({ '04 > abrupt': 'fail', '05 > recovery': 'pass' }), join(dir, 'c.json'))).rejects.toThrow('have scenarios that did not pass, not a baseline: 04 > abrupt (fail)');
    await expect(saveBaseline(results({}), join(dir, 'd.json'))).rejects.toThrow('record no scenario');
  });

  it('judges with the spec\'s tolerances: unchanged passes, worse than tolerance fails with the table', () => {
    const base = results({ '04 > abrupt': 'pass' });
    expect(judgeAgainstBaseline(reference, 'b.json', base, results({ '04 > abrupt': 'pass' }, 15_400)).regressions).toBe(0);
    const worse = judgeAgainstBaseline(reference, 'b.json', base, results({ '04 > abrupt': 'pass' }, 120_000));
    expect(worse.regressions).toBe(1);
    expect(worse.table).toContain('| abrupt-deletion | convergenceMs | 15200 | 120000 | +104800 | REGRESSION |');
  });
});
