// Parses the router's next-hop watcher lines (images/router/lab-watch-route):
// "<seen> <route's next hops or -> [<read before> [<next hops forwarded to or -> [<next hops resolved>]]]",
// times in epoch seconds.

import type { NextHopChange } from '../../bgp/model.ts';

export function parseRouteWatchOutput(text: string): NextHopChange[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((line) => {
    const m = /^(\d+\.\d+) (\S+)(?: (\d+\.\d+)(?: (\S+)(?: (\S+))?)?)?$/.exec(line.trim());
    if (!m) throw new Error(`route watcher output: unexpected line ${JSON.stringify(line)}`);
    const ms = (s: string) => Math.round(Number(s) * 1000 * 1000) / 1000;
    const hops = (field: string) => (field === '-' ? [] : field.split(','));
    return { at: ms(m[1]!), nextHops: hops(m[2]!), ...(m[3] ? { since: ms(m[3]) } : {}), ...(m[4] ? { forwarded: hops(m[4]) } : {}), ...(m[5] ? { resolved: hops(m[5]) } : {}) };
  });
}
