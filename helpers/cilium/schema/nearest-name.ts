// The known name nearest to a misspelt one ("peerAdress" -> "peerAddress"), for
// unknown-field messages. Pure.

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest known name, when it is close enough to be what was meant (case differences count as one edit at most). */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const distance = k.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name.toLowerCase(), k.toLowerCase());
    if (!best || distance < best.distance) best = { name: k, distance };
  }
  // Short names take one edit at most: with two, "id" would be "corrected" to any two-letter name.
  const allowed = name.length <= 4 ? 1 : Math.max(2, Math.floor(name.length / 3));
  return best && best.distance <= allowed ? best.name : undefined;
}
