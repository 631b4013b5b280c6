// The router's next-hop watcher lines (images/router/lab-watch-route).
import { describe, expect, it } from 'vitest';
import { parseRouteWatchOutput } from './route-watch-output.ts';

describe('parseRouteWatchOutput', () => {
  it('reads each change as epoch ms and the next hops, "-" being none', () => {
    const text = [
      '1795667249.012345 10.20.0.2,10.20.0.3,172.20.0.2,172.20.0.3',
      '1795667270.171253 10.20.0.2,10.20.0.3',
      '1795667287.183072 -',
      '',
    ].join('\n');
    expect(parseRouteWatchOutput(text)).toStrictEqual([
      { at: 1795667249012.345, nextHops: ['10.20.0.2', '10.20.0.3', '172.20.0.2', '172.20.0.3'] },
      { at: 1795667270171.253, nextHops: ['10.20.0.2', '10.20.0.3'] },
      { at: 1795667287183.072, nextHops: [] },
    ]);
  });

  it('reads a single next hop, tolerating blank lines and CRLF', () => {
    expect(parseRouteWatchOutput('\n1795667270.171253 172.20.0.3\r\n\n')).toStrictEqual([{ at: 1795667270171.253, nextHops: ['172.20.0.3'] }]);
  });

  it('reads when the previous next hops were last seen, bracketing the change', () => {
    expect(parseRouteWatchOutput('1795667270.171253 172.20.0.2,172.20.0.3 1795667270.150001')).toStrictEqual([
      { at: 1795667270171.253, nextHops: ['172.20.0.2', '172.20.0.3'], since: 1795667270150.001 },
    ]);
  });

  it('reads the next hops the kernel forwards to, apart from the route\'s (a failed neighbour left out)', () => {
    // Recorded in a live lab's router (FRR 10.3, route through nhid 25) after `ip neigh replace 172.20.0.2 dev eth2 nud failed`.
    const text = [
      '1795750171.859538 172.20.0.2,172.20.0.3 1795750171.854915 172.20.0.2,172.20.0.3',
      '1795750172.024600 172.20.0.2,172.20.0.3 1795750172.019705 172.20.0.3',
      '1795750173.023396 - 1795750173.019955 -',
    ].join('\n');
    expect(parseRouteWatchOutput(text)).toStrictEqual([
      { at: 1795750171859.538, nextHops: ['172.20.0.2', '172.20.0.3'], since: 1795750171854.915, forwarded: ['172.20.0.2', '172.20.0.3'] },
      { at: 1795750172024.6, nextHops: ['172.20.0.2', '172.20.0.3'], since: 1795750172019.705, forwarded: ['172.20.0.3'] },
      { at: 1795750173023.396, nextHops: [], since: 1795750173019.955, forwarded: [] },
    ]);
  });

  it('reads the next hops whose neighbour entry was resolved at a read that changed nothing else', () => {
    expect(parseRouteWatchOutput('1795750174.000210 172.20.0.2,172.20.0.3 1795750173.998001 172.20.0.2,172.20.0.3 172.20.0.3')).toStrictEqual([
      { at: 1795750174000.21, nextHops: ['172.20.0.2', '172.20.0.3'], since: 1795750173998.001, forwarded: ['172.20.0.2', '172.20.0.3'], resolved: ['172.20.0.3'] },
    ]);
  });

  it('is empty for no output', () => {
    expect(parseRouteWatchOutput('')).toEqual([]);
  });

  it.each([
    ['1795667270.171253'],
    ['1795667270.171253 10.20.0.2, 10.20.0.3'],
    ['1795667270 10.20.0.2'],
    ['RTNETLINK answers: Operation not permitted'],
  ])('rejects %j, quoting the line', (line) => {
    expect(() => parseRouteWatchOutput(`1795667270.171253 10.20.0.2\n${line}`)).toThrow(`route watcher output: unexpected line ${JSON.stringify(line)}`);
  });
});
