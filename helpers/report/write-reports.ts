// Turns a run's saved measurements into its reports: results.json, summary.md
// and one timeline SVG per measurement, all in the run's folder (run-folder.ts).
import { cpus, totalmem } from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabState } from '../model/state.ts';
import { buildResults, type RunMeta } from './results.ts';
import { measurementsDir, readMeasurements } from './measurements.ts';
import { thisRunFolder } from './run-folder.ts';
import { renderSummary } from './markdown.ts';
import { readOutcomes } from './outcomes.ts';
import { renderTimeline } from './timeline-svg.ts';

const metaFile = (dir: string) => join(dir, 'meta.json');

export function runMeta(state: LabState, versions: Record<string, string>, startedAt: Date): RunMeta {
  return {
    provider: state.provider,
    spec: state.lab.placement.specName,
    session: state.session,
    startedAt: startedAt.toISOString(),
    versions,
    phases: state.phases,
    host: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), platform: `${process.platform} ${process.arch}` },
  };
}

export async function saveMeta(meta: RunMeta, dir: string = thisRunFolder()): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(metaFile(dir), JSON.stringify(meta, null, 2));
}

/** The versions as they are at the end of the run (an upgrade scenario changes them), kept in the run's meta. */
export async function refreshMetaVersions(versions: Record<string, string>, dir: string = thisRunFolder()): Promise<void> {
  const meta = JSON.parse(await readFile(metaFile(dir), 'utf8')) as RunMeta;
  await writeFile(metaFile(dir), JSON.stringify({ ...meta, versions: { ...meta.versions, ...versions } }, null, 2));
}

/** Writes results.json, summary.md and the timelines; returns the files written. */
export async function writeReports(dir: string = thisRunFolder()): Promise<string[]> {
  const meta = JSON.parse(await readFile(metaFile(dir), 'utf8')) as RunMeta;
  const measurements = await readMeasurements(measurementsDir(dir));
  const results = buildResults(meta, measurements, await readOutcomes(measurementsDir(dir)));
  const timelines: Record<string, string> = {};
  for (const m of measurements) {
    timelines[m.name] = `timeline-${m.name}.svg`;
    await writeFile(join(dir, timelines[m.name]!), renderTimeline(m));
  }
  await writeFile(join(dir, 'results.json'), JSON.stringify(results, null, 2));
  await writeFile(join(dir, 'summary.md'), renderSummary(results, timelines));
  return ['results.json', 'summary.md', ...Object.values(timelines)];
}
