// The running speaker's own record of when it started and what it runs, from the output of
// speakerProcessCommand recorded on a real lab (scripts/record-outputs.sh): before and after
// kind01-worker's gobgpd was killed and started again by the node's entrypoint.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSpeakerProcess } from './speaker-upgrade.ts';

const recorded = (version: string, file: string) => readFileSync(`fixtures/recorded/${version}/${file}`, 'utf8');

describe.each([
  // The router logged the session down at 10:56:49.415 (10.3) and 11:03:14.385 (8.4): the new process started just after.
  ['frr-10.3', '3.36.0', 1_796_640_996_149, 1_796_641_009_492],
  ['frr-8.4', '3.10.0', 1_796_641_379_052, 1_796_641_394_493],
])('parseSpeakerProcess on %s recordings', (version, gobgp, before, after) => {
  it('reads the start (ticks since boot against the uptime and the epoch read with it) and the version, before and after a restart', () => {
    expect(parseSpeakerProcess(recorded(version, 'speaker-process.txt'))).toStrictEqual({ startedAt: before, version: gobgp });
    expect(parseSpeakerProcess(recorded(version, 'speaker-process-restarted.txt'))).toStrictEqual({ startedAt: after, version: gobgp });
  });
});

describe('parseSpeakerProcess', () => {
  it('is undefined for anything else', () => {
    expect(parseSpeakerProcess('')).toBeUndefined();
    expect(parseSpeakerProcess('46625 479.33 1796641009.229309832 100\n')).toBeUndefined();
    expect(parseSpeakerProcess('pgrep: not found\ngobgpd version 3.36.0')).toBeUndefined();
  });
});
