// A timeline picture of one measurement: every request as a tick (green ok,
// red failed, by start time) and the VIP's next-hop count as a step line, on
// one time axis starting at the action. Pure: measurement in, SVG text out.
import type { Measurement } from './measurements.ts';

const W = 900;
const H = 260;
const PAD = { left: 78, right: 20, top: 30, bottom: 40 };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What each mark means, in one row under the time axis. */
function legend(): string[] {
  const items: [string, string][] = [
    ['<line x1="0" x2="0" y1="-8" y2="2" stroke="#2e7d32"/>', 'request ok'],
    ['<line x1="0" x2="0" y1="-8" y2="2" stroke="#c62828"/>', 'request failed'],
    ['<line x1="-6" x2="6" y1="-3" y2="-3" stroke="#6a1b9a" stroke-width="2"/>', 'kernel next hops'],
    ['<line x1="0" x2="0" y1="-8" y2="2" stroke="#1565c0" stroke-dasharray="4 3"/>', 'action'],
    ['<line x1="0" x2="0" y1="-8" y2="2" stroke="#ef6c00" stroke-dasharray="2 3"/>', 'node down / up'],
  ];
  let x = PAD.left;
  return items.map(([mark, label]) => {
    const g = `<g transform="translate(${x},${H - 6})">${mark}<text x="9" y="0" font-size="10">${label}</text></g>`;
    x += 24 + label.length * 5.5;
    return g;
  });
}

export function renderTimeline(m: Measurement): string {
  const times = [...m.samples.map((s) => s[0]), ...m.nextHopChanges.map((c) => c.at - m.actionAt), ...(m.events ?? []).map((e) => e.at)];
  const t0 = Math.min(0, ...times);
  const t1 = Math.max(1000, ...times);
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const maxHops = Math.max(1, ...m.nextHopChanges.map((c) => c.nextHops.length));
  const plotTop = PAD.top + 40;
  const plotBottom = H - PAD.bottom;
  const y = (hops: number) => plotBottom - (hops / maxHops) * (plotBottom - plotTop);
  const ticks = m.samples.map((s) => {
    const ok = s[1] === 'ok';
    return `<line x1="${x(s[0]).toFixed(1)}" x2="${x(s[0]).toFixed(1)}" y1="${PAD.top}" y2="${PAD.top + 30}" stroke="${ok ? '#2e7d32' : '#c62828'}" stroke-width="1"/>`;
  });
  const steps: string[] = [];
  m.nextHopChanges.forEach((c, i) => {
    const next = m.nextHopChanges[i + 1];
    const from = x(c.at - m.actionAt);
    const to = next ? x(next.at - m.actionAt) : x(t1);
    steps.push(`${i === 0 ? 'M' : 'L'}${from.toFixed(1)},${y(c.nextHops.length).toFixed(1)} L${to.toFixed(1)},${y(c.nextHops.length).toFixed(1)}`);
  });
  const axisTicks: string[] = [];
  const stepMs = (t1 - t0) > 20_000 ? 5000 : 1000;
  for (let t = Math.ceil(t0 / stepMs) * stepMs; t <= t1; t += stepMs) {
    axisTicks.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${plotBottom}" y2="${plotBottom + 5}" stroke="#555"/><text x="${x(t).toFixed(1)}" y="${plotBottom + 18}" font-size="11" text-anchor="middle">${(t / 1000).toFixed(0)} s</text>`);
  }
  // Marked moments (each node's restart in a roll): a dashed line and its label, staggered so neighbours do not overlap.
  const events = (m.events ?? []).map((e, i) =>
    `<line x1="${x(e.at).toFixed(1)}" x2="${x(e.at).toFixed(1)}" y1="${PAD.top}" y2="${plotBottom}" stroke="#ef6c00" stroke-dasharray="2 3"/>` +
    `<text x="${(x(e.at) + 3).toFixed(1)}" y="${(plotTop + 12 + (i % 3) * 12).toFixed(0)}" font-size="10" fill="#ef6c00">${esc(e.label)}</text>`);
  const f = m.figures;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${PAD.left}" y="18" font-size="13">${esc(f.action)}: ${f.failed} of ${f.requests} requests failed; clients converged after ${f.convergenceMs === undefined ? 'n/a' : (f.convergenceMs / 1000).toFixed(2) + ' s'}</text>`,
    `<text x="8" y="${PAD.top + 19}" font-size="11">requests</text>`,
    ...ticks,
    `<line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="${PAD.top}" y2="${plotBottom}" stroke="#1565c0" stroke-dasharray="4 3"/>`,
    `<text x="${(x(0) + 4).toFixed(1)}" y="${plotTop - 2}" font-size="11" fill="#1565c0">action</text>`,
    ...events,
    `<path d="${steps.join(' ')}" fill="none" stroke="#6a1b9a" stroke-width="2"/>`,
    `<text x="8" y="${((plotTop + plotBottom) / 2).toFixed(0)}" font-size="11">next hops</text>`,
    // Every level labelled, with a faint guide line.
    ...Array.from({ length: maxHops + 1 }, (_, n) =>
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(n).toFixed(1)}" y2="${y(n).toFixed(1)}" stroke="#eee"/>` +
      `<text x="${PAD.left - 6}" y="${(y(n) + 4).toFixed(1)}" font-size="11" text-anchor="end">${n}</text>`),
    ...legend(),
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${plotBottom}" y2="${plotBottom}" stroke="#555"/>`,
    ...axisTicks,
    '</svg>',
  ].join('\n') + '\n';
}
