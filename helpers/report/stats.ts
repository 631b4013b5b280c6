// min / median / max of repeated measurements, for the bench. Pure.

export interface Stat {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function stat(values: readonly number[]): Stat | undefined {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { n: v.length, min: v[0]!, median, max: v.at(-1)! };
}

/** Rows "name  min  median  max  (n)" with aligned columns. */
export function renderStats(rows: readonly [string, Stat | undefined, string][]): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  const fmt = (x: number) => (Math.round(x * 10) / 10).toString().padStart(9);
  return [
    `${'figure'.padEnd(width)}       min    median       max  unit (runs)`,
    ...rows.map(([name, s, unit]) => (s ? `${name.padEnd(width)} ${fmt(s.min)} ${fmt(s.median)} ${fmt(s.max)}  ${unit} (${s.n})` : `${name.padEnd(width)}   (no value)`)),
  ].join('\n');
}
