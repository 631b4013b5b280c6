// Turns a run's saved measurements into its reports: results.json, summary.md
// and one timeline SVG per measurement, all under reports/.
import { cpus, totalmem } from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabState } from '../spec/state.ts';
import { buildResults, type RunMeta } from './results.ts';
import { readMeasurements, REPORTS_DIR } from './measurements.ts';
import { renderSummary } from './markdown.ts';
import { readOutcomes } from './outcomes.ts';
import { renderTimeline } from './timeline-svg.ts';

const META_FILE = join(REPORTS_DIR, 'meta.json');

export function runMeta(state: LabState, versions: Record<string, string>, startedAt: Date): RunMeta {
  return {
    provider: state.provider,
    spec: state.lab.spec.name,
    session: state.session,
    startedAt: startedAt.toISOString(),
    versions,
    phases: state.phases,
    host: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), platform: `${process.platform} ${process.arch}` },
  };
}

export async function saveMeta(meta: RunMeta): Promise<void> {
  await mkdir(REPORTS_DIR, { recursive: true });
  await writeFile(META_FILE, JSON.stringify(meta, null, 2));
}

/** The versions as they are at the end of the run (an upgrade scenario changes them), kept in the run's meta. */
export async function refreshMetaVersions(versions: Record<string, string>): Promise<void> {
  const meta = JSON.parse(await readFile(META_FILE, 'utf8')) as RunMeta;
  await writeFile(META_FILE, JSON.stringify({ ...meta, versions: { ...meta.versions, ...versions } }, null, 2));
}

/** Writes results.json, summary.md and the timelines; returns the files written. */
export async function writeReports(): Promise<string[]> {
  const meta = JSON.parse(await readFile(META_FILE, 'utf8')) as RunMeta;
  const measurements = await readMeasurements();
  const results = buildResults(meta, measurements, await readOutcomes());
  const timelines: Record<string, string> = {};
  for (const m of measurements) {
    timelines[m.name] = `timeline-${m.name}.svg`;
    await writeFile(join(REPORTS_DIR, timelines[m.name]!), renderTimeline(m));
  }
  await writeFile(join(REPORTS_DIR, 'results.json'), JSON.stringify(results, null, 2));
  await writeFile(join(REPORTS_DIR, 'summary.md'), renderSummary(results, timelines));
  return ['results.json', 'summary.md', ...Object.values(timelines)];
}
