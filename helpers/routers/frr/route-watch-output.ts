// Parses the router's next-hop watcher lines (images/router/lab-watch-route):
// "<seen> <next hops or -> [<last seen before>]", times in epoch seconds.

import type { NextHopChange } from '../../bgp/model.ts';

export function parseRouteWatchOutput(text: string): NextHopChange[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((line) => {
    const m = /^(\d+\.\d+) (\S+)(?: (\d+\.\d+))?$/.exec(line.trim());
    if (!m) throw new Error(`route watcher output: unexpected line ${JSON.stringify(line)}`);
    const ms = (s: string) => Math.round(Number(s) * 1000 * 1000) / 1000;
    return { at: ms(m[1]!), nextHops: m[2] === '-' ? [] : m[2]!.split(','), ...(m[3] ? { since: ms(m[3]) } : {}) };
  });
}
