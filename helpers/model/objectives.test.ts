import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import reference from '../../fixtures/reference-lab.ts';
import longRestart from '../../fixtures/labs/long-restart.ts';
import { checkObjectives, checkPeerTimersAgainstObjectives, DEFAULT_OBJECTIVES } from './objectives.ts';
import { resolveLab } from './resolve.ts';
import { SpecError } from './validate.ts';

describe('checkObjectives', () => {
  it('accepts the reference lab\'s and the defaults', () => {
    expect(checkObjectives(reference.objectives)).toEqual([]);
    expect(checkObjectives(DEFAULT_OBJECTIVES)).toEqual([]);
    expect(checkObjectives(undefined)).toEqual([]);
  });

  it('names each field and value it refuses', () => {
    const bad = {
      ...DEFAULT_OBJECTIVES,
      bringUpMs: { emulated: -1 },
      abruptLoss: { convergenceMs: '30s', disruptionWindowMs: 30_000, failedPercent: 120 },
      failedRequests: { ...DEFAULT_OBJECTIVES.failedRequests, upgrade: 0.5 },
    } as unknown as typeof DEFAULT_OBJECTIVES;
    expect(checkObjectives(bad)).toEqual([
      { field: 'objectives.bringUpMs.emulated', message: '-1 is not a number of milliseconds, 0 or more' },
      { field: 'objectives.abruptLoss.convergenceMs', message: '"30s" is not a number of milliseconds, 0 or more' },
      { field: 'objectives.abruptLoss.failedPercent', message: '120 is not a number from 0 to 100' },
      { field: 'objectives.failedRequests.upgrade', message: '0.5 is not a whole number, 0 or more' },
    ]);
  });
});

describe('peer timers against the declared objectives', () => {
  it('passes the reference manifests (15 s restart + 9 s hold + 3 s = 27 s within 30 s)', () => {
    expect(checkPeerTimersAgainstObjectives(DEFAULT_OBJECTIVES, 'kind01', 0, { holdSeconds: 9, keepAliveSeconds: 3, gracefulRestartSeconds: 15 }, 'p')).toEqual([]);
  });

  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('refuses restartTimeSeconds: 120 before anything starts, naming the objective and the implied bound', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'objectives-'));
    dirs.push(dir);
    await cp('fixtures/cilium', dir, { recursive: true });
    const peerConfig = join(dir, 'common/bgp-peer-config.yaml');
    await writeFile(peerConfig, (await readFile(peerConfig, 'utf8')).replace('restartTimeSeconds: 15', 'restartTimeSeconds: 120'));
    const error = await resolveLab({ ...reference, manifestsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    const message = (error as Error).message;
    expect(message).toContain('clusters[0] manifests');
    expect(message).toContain('lets an abrupt loss of cluster kind01 keep its next hops for up to 132000 ms');
    expect(message).toContain('restartTimeSeconds 120 + holdTimeSeconds 9 + 3 s');
    expect(message).toContain('beyond objectives.abruptLoss.convergenceMs 30000');
    expect(message).toContain('CiliumBGPPeerConfig kind-bgp-peer');
  });

  it('lets a lab that declares a longer objective run its long restart time', async () => {
    await expect(resolveLab(longRestart)).resolves.toMatchObject({ spec: { name: 'long-restart' } });
  });
});

describe('one validation pass', () => {
  it('reports the spec\'s own problems and the manifests\' disagreements with it together', async () => {
    const spec = { ...reference, router: { ...reference.router, asn: 65009, maximumPaths: 0 } };
    const error = (await resolveLab(spec).catch((e: unknown) => e)) as SpecError;
    expect(error).toBeInstanceOf(SpecError);
    const fields = error.issues.map((i) => i.field);
    expect(fields).toContain('router.maximumPaths');
    expect(fields).toContain('router.asn');
    expect(error.issues.find((i) => i.field === 'router.asn')!.message).toContain('65009 differs from');
  });
});
