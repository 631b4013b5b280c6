import { describe, expect, it } from 'vitest';
import { parseProbeOutput, spreadOf } from './probe-output.ts';
import { parseEmulatedAnswer } from '../providers/emulated/node-files.ts';

// Lines as images/client/probe.ts prints them (recorded from the lab's client).
const OK = '{"i":3,"t":1795668021118.276,"outcome":"ok","status":200,"body":"cluster=kind01 node=kind01-worker","ms":2.913}';
const OK2 = '{"i":2,"t":1795668021098.201,"outcome":"ok","status":200,"body":"cluster=kind02 node=kind02-control-plane","ms":3.2}';
const TIMEOUT = '{"i":4,"t":1795668021138.5,"outcome":"connect-timeout","error":"Connect Timeout Error (attempted address: 172.30.0.10:80, timeout: 300ms)","ms":301.7}';
const HTTP = '{"i":5,"t":1795668021158.5,"outcome":"http-error","status":503,"body":"down","ms":1.2}';
const identify = (body: string) => parseEmulatedAnswer(body);

describe('parseProbeOutput', () => {
  it('reads outcome, status, latency and who answered, sorted by start time', () => {
    expect(parseProbeOutput([OK, TIMEOUT, OK2].join('\n'), identify)).toEqual([
      { at: 1795668021098.201, ok: true, outcome: 'ok', httpCode: 200, latencyMs: 3.2, answer: { cluster: 'kind02', node: 'kind02-control-plane' } },
      { at: 1795668021118.276, ok: true, outcome: 'ok', httpCode: 200, latencyMs: 2.913, answer: { cluster: 'kind01', node: 'kind01-worker' } },
      { at: 1795668021138.5, ok: false, outcome: 'connect-timeout', latencyMs: 301.7, error: 'Connect Timeout Error (attempted address: 172.30.0.10:80, timeout: 300ms)' },
    ]);
  });

  it('counts an HTTP error as a failure, with its status', () => {
    expect(parseProbeOutput(HTTP, identify)[0]).toMatchObject({ ok: false, outcome: 'http-error', httpCode: 503, error: 'HTTP 503' });
  });

  it('leaves an answer it cannot place without cluster', () => {
    expect(parseProbeOutput('{"i":0,"t":1,"outcome":"ok","status":200,"body":"hello","ms":1}', identify)[0]!.answer).toBeUndefined();
  });

  it('names a line that is not the probe\'s', () => {
    expect(() => parseProbeOutput('1795667249.596043 ok 200 3 cluster=kind01', identify)).toThrow('probe output: not a JSON line: "1795667249.596043 ok 200 3 cluster=kind01"');
    expect(() => parseProbeOutput('{"i":0}', identify)).toThrow('probe output: a line without t, outcome or ms');
  });
});

describe('spreadOf', () => {
  it('counts answers per cluster and node, and failures per outcome', () => {
    const samples = parseProbeOutput([OK, OK2, TIMEOUT, HTTP, OK.replace('"i":3', '"i":6')].join('\n'), identify);
    expect(spreadOf(samples)).toEqual({
      total: 5,
      ok: 3,
      failed: 2,
      byCluster: { kind01: 2, kind02: 1 },
      byNode: { 'kind01-worker': 2, 'kind02-control-plane': 1 },
      failures: { 'connect-timeout': 1, 'http-error': 1 },
    });
  });

  it('does not count a failed request for the cluster it names', () => {
    const samples = parseProbeOutput(HTTP.replace('"body":"down"', '"body":"cluster=kind01 node=kind01-worker"'), identify);
    expect(spreadOf(samples).byCluster).toEqual({});
  });
});
