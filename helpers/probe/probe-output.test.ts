// The client probe's lines (images/client/lab-probe) into samples, and their spread.
import { describe, expect, it } from 'vitest';
import { parseEmulatedAnswer } from '../emulated/node-files.ts';
import { parseProbeOutput, spreadOf } from './probe-output.ts';

const OK_LINE = '1795667249.596043 ok 200 3 cluster=kind01 node=kind01-worker ';
const FAIL_LINE = '1795667272.134079 fail 000 0 curl-exit-7 curl: (7) Failed to connect';

describe('parseProbeOutput', () => {
  it('reads a successful request: epoch ms, code, latency, who answered, no error', () => {
    expect(parseProbeOutput(OK_LINE, parseEmulatedAnswer)).toStrictEqual([
      { at: 1795667249596, ok: true, httpCode: 200, latencyMs: 3, answer: { cluster: 'kind01', node: 'kind01-worker' } },
    ]);
  });

  it("reads a failed request: curl's exit and message as the error, no answer", () => {
    expect(parseProbeOutput(FAIL_LINE, parseEmulatedAnswer)).toStrictEqual([
      { at: 1795667272134, ok: false, httpCode: 0, latencyMs: 0, error: 'curl-exit-7 curl: (7) Failed to connect' },
    ]);
  });

  it('reads a timeout and a non-200 answer as failures, and never identifies a failed body', () => {
    const text = [
      '1795667273.000200 fail 000 300 curl-exit-28 curl: (28) Connection timed out after 300 milliseconds',
      // A non-200 body ends with a newline, which the probe turns into a trailing space.
      '1795667273.400000 fail 503 4 curl-exit-0 <html>503 Service Temporarily Unavailable</html> ',
      // Answer received, then the transfer timed out: still a failure, not an answer.
      '1795667273.700000 fail 200 300 curl-exit-28 cluster=kind01 node=kind01-worker curl: (28) Operation timed out after 300 milliseconds',
    ].join('\n');
    expect(parseProbeOutput(text, parseEmulatedAnswer)).toStrictEqual([
      { at: 1795667273000, ok: false, httpCode: 0, latencyMs: 300, error: 'curl-exit-28 curl: (28) Connection timed out after 300 milliseconds' },
      { at: 1795667273400, ok: false, httpCode: 503, latencyMs: 4, error: 'curl-exit-0 <html>503 Service Temporarily Unavailable</html>' },
      {
        at: 1795667273700, ok: false, httpCode: 200, latencyMs: 300,
        error: 'curl-exit-28 cluster=kind01 node=kind01-worker curl: (28) Operation timed out after 300 milliseconds',
      },
    ]);
  });

  it('keeps a success whose body does not say who answered, without an answer', () => {
    const [sample] = parseProbeOutput('1795667250.000001 ok 200 2 <html>Welcome to nginx!</html>', parseEmulatedAnswer);
    expect(sample).toStrictEqual({ at: 1795667250000, ok: true, httpCode: 200, latencyMs: 2 });
  });

  it('reads a run of lines in order, skipping blank ones', () => {
    const text = `\n${OK_LINE}\n${FAIL_LINE}\n\n1795667290.250000 ok 200 5 cluster=kind02 node=kind02-control-plane \n`;
    const samples = parseProbeOutput(text, parseEmulatedAnswer);
    expect(samples.map((s) => [s.at, s.ok, s.answer?.node])).toEqual([
      [1795667249596, true, 'kind01-worker'],
      [1795667272134, false, undefined],
      [1795667290250, true, 'kind02-control-plane'],
    ]);
  });

  it.each([
    ['curl: (6) Could not resolve host: 172.30.0.10'],
    ['1795667272 ok 200 3 cluster=kind01 node=kind01-worker'],
    ['1795667272.134079 maybe 200 3 cluster=kind01 node=kind01-worker'],
    ['1795667272.134079 ok 20 3 cluster=kind01 node=kind01-worker'],
  ])('rejects %j, quoting the line', (line) => {
    expect(() => parseProbeOutput(`${OK_LINE}\n${line}\n`, parseEmulatedAnswer)).toThrow(`probe output: unexpected line ${JSON.stringify(line)}`);
  });
});

describe('spreadOf', () => {
  it('counts totals, failures, and successes per cluster and per node', () => {
    const text = [
      '1795667249.596043 ok 200 3 cluster=kind01 node=kind01-worker ',
      '1795667249.700000 ok 200 2 cluster=kind01 node=kind01-control-plane ',
      '1795667249.800000 ok 200 4 cluster=kind02 node=kind02-worker ',
      '1795667249.900000 ok 200 3 cluster=kind01 node=kind01-worker ',
      '1795667250.000000 ok 200 2 <html>no identity</html>',
      FAIL_LINE,
    ].join('\n');
    expect(spreadOf(parseProbeOutput(text, parseEmulatedAnswer))).toStrictEqual({
      total: 6,
      ok: 5,
      failed: 1,
      byCluster: { kind01: 3, kind02: 1 },
      byNode: { 'kind01-worker': 2, 'kind01-control-plane': 1, 'kind02-worker': 1 },
    });
  });

  it('counts only successful answers per cluster and node', () => {
    const samples = [
      { at: 1, ok: true, httpCode: 200, latencyMs: 3, answer: { cluster: 'kind02', node: 'kind02-worker' } },
      { at: 2, ok: false, httpCode: 503, latencyMs: 3, answer: { cluster: 'kind01', node: 'kind01-worker' } },
    ];
    expect(spreadOf(samples)).toStrictEqual({ total: 2, ok: 1, failed: 1, byCluster: { kind02: 1 }, byNode: { 'kind02-worker': 1 } });
  });

  it('is all zeros and empty maps for no samples', () => {
    expect(spreadOf([])).toStrictEqual({ total: 0, ok: 0, failed: 0, byCluster: {}, byNode: {} });
  });
});
