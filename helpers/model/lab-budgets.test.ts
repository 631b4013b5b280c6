import { describe, expect, it } from 'vitest';
import { labBudgets } from './lab-budgets.ts';
import type { ResolvedLab } from './resolve.ts';

const lab = (gracefulRestartSeconds: number, holdSeconds = 9) =>
  ({ clusters: [{ peerTimers: { holdSeconds, keepAliveSeconds: 3, gracefulRestartSeconds } }, { peerTimers: { holdSeconds: 9, keepAliveSeconds: 3, gracefulRestartSeconds: 15 } }] }) as unknown as ResolvedLab;

describe('labBudgets', () => {
  it('keeps the defaults where the peer timers fit in them', () => {
    expect(labBudgets(lab(15))).toStrictEqual({ failover: 60_000, speakerRestart: 20_000 });
  });

  it('stretches failover past the longest graceful-restart + hold bound, and the speaker-restart watch past the restart time', () => {
    // 60 s restart + 9 s hold + 3 s margin = 72 s bound, and 5 s to see it happen.
    expect(labBudgets(lab(60))).toStrictEqual({ failover: 77_000, speakerRestart: 65_000 });
  });

  it('keeps a provider\'s longer budgets and its others', () => {
    expect(labBudgets(lab(15), { failover: 300_000, ciliumReady: 1000 })).toStrictEqual({ failover: 300_000, speakerRestart: 20_000, ciliumReady: 1000 });
  });
});
