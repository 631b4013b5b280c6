// What a red run failed on, in a few lines for a CI summary: each failed test
// with the first lines of its message, and every "cluster X: <step> failed"
// line of the run's log (a bring-up failure happens before any test). Pure.

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#10;/g, '\n').replace(/&amp;/g, '&');

export function failureSummary(junitXml: string, runLog = ''): string {
  const lines: string[] = [];
  for (const c of junitXml.match(/<testcase\b[\s\S]*?<\/testcase>/g) ?? []) {
    const failure = /<(failure|error)\b([^>]*)>([\s\S]*?)<\/\1>/.exec(c);
    if (!failure) continue;
    const name = unescape(/\sname="([^"]*)"/.exec(c)?.[1] ?? '?');
    const message = /message="([^"]*)"/.exec(failure[2] ?? '')?.[1];
    const text = unescape(message || failure[3] || '').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 3);
    lines.push(`- **${name}**`, ...text.map((l) => `  ${l}`));
  }
  // Terminal colour codes stripped; each bring-up step once.
  const steps = runLog.split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim()).filter((l) => /cluster \S+: .* failed/.test(l));
  for (const step of [...new Set(steps)].slice(0, 10)) lines.push(`- bring-up: ${step}`);
  return lines.length > 0 ? ['### What failed', ...lines].join('\n') : '### No failure recorded';
}
