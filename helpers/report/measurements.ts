// Each measurement a scenario makes is saved in the run's measurements/ folder (its
// figures, raw samples and next-hop changes); the lab's teardown turns them
// into the run's results JSON, markdown summary and timelines.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DisruptionReport } from '../measure/disruption.ts';
import type { NextHopChange } from '../bgp/model.ts';
import { thisRunFolder } from './run-folder.ts';
import { figureProperties, figuresOf, type Figures } from './figures.ts';

/** Where this run's measurements go (report/run-folder.ts). */
export function measurementsDir(runDir: string = thisRunFolder()): string {
  return join(runDir, 'measurements');
}

/**
 * A sample as stored: start (ms since the action), outcome, latency, cluster ('' for none), and the
 * connection's source port when the probe noted it, to find the request in the router's capture.
 */
export type StoredSample = readonly [number, string, number, string?, number?];

export interface Measurement {
  readonly name: string;
  readonly figures: Figures;
  readonly actionAt: number;
  readonly targetNextHops: readonly string[];
  readonly nextHopChanges: readonly NextHopChange[];
  /** Moments worth marking on the timeline (ms since the action), e.g. each node's restart in a roll. */
  readonly events?: readonly { readonly at: number; readonly label: string }[];
  /** Per-node lines of a rolling restart (session down, path kept or withdrawn, failed requests). */
  readonly nodes?: readonly string[];
  /** How the router's kernel forwarded on the VIP when the action started. */
  readonly forwarding?: Readonly<Record<string, string>>;
  readonly samples: readonly StoredSample[];
}

export interface MeasurementExtras {
  /** Epoch ms and label of moments to mark. */
  readonly events?: readonly { readonly at: number; readonly label: string }[];
  readonly nodes?: readonly string[];
}

export function toMeasurement(name: string, report: DisruptionReport, extras: MeasurementExtras = {}): Measurement {
  return {
    name,
    ...(extras.events ? { events: extras.events.map((e) => ({ at: Math.round(e.at - report.actionAt), label: e.label })) } : {}),
    ...(extras.nodes ? { nodes: extras.nodes } : {}),
    figures: figuresOf(report),
    actionAt: report.actionAt,
    targetNextHops: report.targetNextHops,
    nextHopChanges: report.nextHopChanges,
    ...(report.forwarding ? { forwarding: report.forwarding } : {}),
    samples: report.samples.map((s) => {
      const row: [number, string, number, string?, number?] = [Math.round((s.at - report.actionAt) * 10) / 10, s.outcome, s.latencyMs];
      if (s.answer || s.port !== undefined) row.push(s.answer?.cluster ?? '');
      if (s.port !== undefined) row.push(s.port);
      return row;
    }),
  };
}

type Annotate = (message: string, type?: string) => Promise<unknown>;

/** Saves the measurement and puts its figures on the test as JUnit properties. */
export async function recordMeasurement(name: string, report: DisruptionReport, annotate?: Annotate, extras: MeasurementExtras = {}): Promise<Measurement> {
  const measurement = toMeasurement(name, report, extras);
  const dir = measurementsDir();
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.json`), JSON.stringify(measurement));
  if (annotate) for (const [key, value] of figureProperties(name, measurement.figures)) await annotate(value, key);
  return measurement;
}

export async function readMeasurements(dir = measurementsDir()): Promise<Measurement[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const all = await Promise.all(names.filter((n) => n.endsWith('.json')).sort().map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as Measurement));
  return all.sort((a, b) => a.actionAt - b.actionAt);
}
