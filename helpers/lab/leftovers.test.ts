import { describe, expect, it } from 'vitest';
import { judgeSession, leftToGuardian, runningLabMessage } from './leftovers.ts';
import type { LabSessionInfo } from '../docker/sessions.ts';

const me = { host: 'box', pid: 100 };
const session = (owner?: string): LabSessionInfo => ({
  session: '20261127-abcd', lab: 'anycast', ...(owner ? { owner } : {}), dir: '/home/u/lab', since: '2026-11-27T04:00:00.000Z', networks: ['anycast-client'],
});
const alive = (pids: number[]) => (pid: number) => pids.includes(pid);
const notKept = () => false;

describe('judgeSession', () => {
  it('takes a session whose owner process is alive on this host for a running lab', () => {
    expect(judgeSession(session('box:200'), me, alive([200]), notKept)).toBe('running');
  });

  it('takes a dead owner\'s session (kill -9, a crash) for leftovers; one without an owner label is unknown', () => {
    expect(judgeSession(session('box:200'), me, alive([]), notKept)).toBe('dead');
    expect(judgeSession(session(), me, alive([200]), notKept)).toBe('unknown');
    // A session labelled with this process's pid from before it started: a killed run's pid, given again.
    expect(judgeSession(session('box:100'), { ...me, startedAt: Date.parse('2026-11-27T05:00:00Z') }, alive([100]), notKept)).toBe('dead');
    expect(judgeSession(session('box:100'), me, alive([100]), notKept), 'without a start time').toBe('dead');
  });

  it('takes a session this process made since it started for a running lab of its own (labs side by side)', () => {
    expect(judgeSession(session('box:100'), { ...me, startedAt: Date.parse('2026-11-27T03:59:00Z') }, alive([100]), notKept)).toBe('running');
  });

  it("takes containers whose session has no network left for leftovers, whoever made them", () => {
    expect(judgeSession({ ...session(), networks: [] }, me, alive([]), notKept)).toBe('dead');
  });

  it('leaves alone a lab left running on purpose, and one owned on another host', () => {
    expect(judgeSession(session('box:200'), me, alive([]), () => true)).toBe('running');
    expect(judgeSession(session('other:200'), me, alive([]), notKept)).toBe('running');
  });

  it('says which lab runs, where, since when and how to stop it, without suggesting a cleanup', () => {
    const message = runningLabMessage(session('box:200'));
    expect(message).toBe('lab "anycast" is already running: session 20261127-abcd, started 2026-11-27T04:00:00.000Z from /home/u/lab by box:200. Stop it with `npm run lab -- down` in that directory (or wait for its run to end): two labs of one spec share container and network names.');
    expect(message).not.toContain('cleanup');
  });
});

describe('leftToGuardian', () => {
  const guarded = { ...session('box:200'), guardian: 'box:300' };

  it('leaves another lab\'s dead session to its live guardian', () => {
    expect(leftToGuardian(guarded, 'other-lab', me, alive([300]))).toBe(true);
  });

  it('does not when the guardian is gone, is this process, is on another host, or the lab is this one', () => {
    expect(leftToGuardian(guarded, 'other-lab', me, alive([])), 'guardian gone').toBe(false);
    expect(leftToGuardian({ ...guarded, guardian: 'box:100' }, 'other-lab', me, alive([100])), 'this process is the guardian').toBe(false);
    expect(leftToGuardian({ ...guarded, guardian: 'elsewhere:300' }, 'other-lab', me, alive([300])), 'another host').toBe(false);
    expect(leftToGuardian(guarded, 'anycast', me, alive([300])), 'a run of the same lab must clear it: it collides').toBe(false);
    expect(leftToGuardian(session('box:200'), 'other-lab', me, alive([300])), 'no guardian').toBe(false);
  });
});
