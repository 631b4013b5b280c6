// Parses the router's next-hop watcher lines (images/router/lab-watch-route).

export interface NextHopChange {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly nextHops: readonly string[];
}

export function parseRouteWatchOutput(text: string): NextHopChange[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((line) => {
    const m = /^(\d+\.\d+) (\S+)$/.exec(line.trim());
    if (!m) throw new Error(`route watcher output: unexpected line ${JSON.stringify(line)}`);
    return { at: Math.round(Number(m[1]) * 1000), nextHops: m[2] === '-' ? [] : m[2]!.split(',') };
  });
}
