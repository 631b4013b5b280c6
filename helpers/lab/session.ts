// The one lifecycle of a lab run, shared by the Vitest global setup, the CLI
// and the bench: load and resolve the spec, pick the provider and router kind,
// guard against signals, start, save the state file and the run's metadata;
// at the end write the reports, collect diagnostics after a failure, and take
// the lab down (or keep it).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabSpec } from '../model/spec.ts';
import { loadSpec } from '../model/load-spec.ts';
import { resolveLab, type ResolvedLab } from '../model/resolve.ts';
import { placementOf, type Placement } from '../model/placement.ts';
import { NetworkTakenError } from '../docker/networks.ts';
import { MAX_COPIES, reserveFreeCopy, type ReservedCopy } from './placement-choice.ts';
import { LabRunningError } from './leftovers.ts';
import { hostSize } from './host-size.ts';
import { useBudgets } from '../model/budgets.ts';
import { labBudgets } from '../model/lab-budgets.ts';
import { routerPolicyWarnings } from '../model/router-policy.ts';
import { passwordNotes } from '../model/password-notes.ts';
import { providerByName } from '../providers/registry.ts';
import type { ClusterProvider } from '../providers/types.ts';
import { routerKindByName } from '../routers/registry.ts';
import type { RouterKind } from '../routers/types.ts';
import { measurementsDir } from '../report/measurements.ts';
import { claimRunFolder, thisRunFolder } from '../report/run-folder.ts';
import { thisRunResults } from './baseline.ts';
import { refreshMetaVersions, runMeta, saveMeta, writeReports } from '../report/write-reports.ts';
import type { BringUpUrgency } from './bring-up-slots.ts';
import { startLab } from './start.ts';
import { stopLab } from './cleanup.ts';
import { LabStateStore } from './state-store.ts';
import { cleanupOnSignals } from './signals.ts';
import { Lab } from './lab.ts';
import { labVersions } from './run-versions.ts';
import { collectDiagnostics } from './diagnostics.ts';

export interface SessionOptions {
  readonly log: (line: string) => void;
  /** The spec module (default LAB_SPEC, else the reference lab). */
  readonly specPath?: string;
  /** The cluster provider (default LAB_PROVIDER, else emulated). */
  readonly provider?: string;
  /** Write run metadata now and reports at stop (the bench measures without them). */
  readonly reports?: boolean;
  /** Exit the process on Ctrl-C after starting the cleanup (the CLI); vitest exits on its own. */
  readonly exitOnSignal?: boolean;
  readonly store?: LabStateStore;
  /** Whether the lab is wanted as soon as it is up (default) or only later (a project's shared lab): its turn at bring-up. */
  readonly urgency?: BringUpUrgency;
  /**
   * Take the first free copy of the lab (model/placement.ts) instead of refusing when the spec's own
   * names or subnets are taken: the suite runs several labs at once, and two suite runs may share a host.
   * Only where the provider runs more than one lab at a time; the CLI's labs are always the spec as written.
   */
  readonly sideBySide?: boolean;
  /** Where this lab's reports go (default: the run's folder, report/run-folder.ts). */
  readonly reportsDir?: string;
}

/** What a lab run would use, resolved and checked, with nothing created: the plan and the start share it. */
export interface LabChoice {
  readonly lab: ResolvedLab;
  readonly provider: ClusterProvider;
  readonly router: RouterKind;
}

export async function chooseLab(options: Pick<SessionOptions, 'specPath' | 'provider'> = {}, spec?: LabSpec, placement?: Placement): Promise<LabChoice> {
  const provider = providerByName(options.provider);
  const written = spec ?? (await loadSpec(options.specPath));
  const lab = await resolveLab(written, placement ?? placementOf(written, 0));
  const router = routerKindByName(lab.spec.router.kind);
  return { lab, provider, router };
}

/** A reused folder's results of an earlier run must never be compared or saved as this one's. */
export async function clearRunResults(dir: string): Promise<void> {
  await Promise.all([measurementsDir(dir), thisRunResults(dir)].map((p) => rm(p, { recursive: true, force: true })));
}

export class LabSession {
  readonly lab: Lab;
  readonly #store: LabStateStore;
  readonly #options: SessionOptions;
  readonly #removeSignalHandlers: () => void;
  #stopped = false;

  private constructor(lab: Lab, store: LabStateStore, options: SessionOptions, removeSignalHandlers: () => void) {
    this.lab = lab;
    this.#store = store;
    this.#options = options;
    this.#removeSignalHandlers = removeSignalHandlers;
  }

  static async start(options: SessionOptions): Promise<LabSession> {
    const { log } = options;
    const startedAt = new Date();
    const reports = options.reports ?? true;
    const store = options.store ?? new LabStateStore();
    const first = await chooseLab(options);
    const sideBySide = (options.sideBySide ?? false) && first.provider.labsAtOnce(hostSize()) > 1;
    // Side by side: a free copy, its address blocks held against other starts until its networks exist.
    let reserved: ReservedCopy | undefined = sideBySide ? await reserveFreeCopy(first.lab.spec) : undefined;
    let { lab, provider, router } = reserved ? await chooseLab(options, first.lab.spec, reserved.placement) : first;
    useBudgets(labBudgets(lab, provider.budgets));
    for (const warning of [...routerPolicyWarnings(lab.spec), ...passwordNotes(lab)]) log(`warning: ${warning}`);
    // This run's folder becomes reports/latest. A results file of an earlier run
    // (a reused LAB_REPORTS_DIR) must never be compared or saved as this one's.
    // A folder given by the caller is the caller's to prepare (the suite's labs share one while they start).
    const reportsDir = options.reportsDir ?? (reports ? claimRunFolder() : undefined);
    if (reports && !options.reportsDir) await clearRunResults(reportsDir!);
    let session: string | undefined;
    const removeSignalHandlers = cleanupOnSignals(() => session, log, options.exitOnSignal ?? false);
    try {
      let state;
      for (let attempt = 1; ; attempt++) {
        try {
          state = await startLab(lab, { provider, router, log, onSession: (s) => (session = s), ...(options.urgency ? { urgency: options.urgency } : {}) });
          break;
        } catch (error) {
          // Something outside the lab's reservations (another tool's network) took this copy: take the next free one.
          const taken = error instanceof NetworkTakenError || error instanceof LabRunningError;
          if (!reserved || !taken || attempt >= MAX_COPIES) throw error;
          reserved.release();
          reserved = await reserveFreeCopy(first.lab.spec, lab.placement.index + 1);
          log(`lab copy ${lab.placement.name} was taken meanwhile; taking ${reserved.placement.name}`);
          ({ lab, provider, router } = await chooseLab(options, first.lab.spec, reserved.placement));
        }
      }
      // Docker holds the copy's subnets now: the reservation has done its work.
      reserved?.release();
      try {
        const running = new Lab(store, store.write(reportsDir ? { ...state, reportsDir } : state));
        if (reports) await saveMeta(runMeta(state, await labVersions(running), startedAt), reportsDir);
        return new LabSession(running, store, options, removeSignalHandlers);
      } catch (error) {
        // Nothing will call stop() on a session that never started: remove the lab here.
        await stopLab(state.session, provider, log).catch(() => {});
        store.remove();
        throw error;
      }
    } catch (error) {
      reserved?.release();
      removeSignalHandlers();
      throw error;
    }
  }

  /** Where the running lab's state lives: scenario files and the CLI open the lab from it. */
  get stateFile(): string {
    return this.#store.path;
  }

  get session(): string {
    return this.lab.state.session;
  }

  /** Marks the lab as left running on purpose (its owner process may end): see lab/leftovers.ts. */
  leaveRunning(): void {
    this.#store.update((s) => ({ ...s, keptRunning: true }));
  }

  /**
   * Ends the run: reports (when on), diagnostics when it failed, then the lab is
   * removed unless `keep`. Safe to call twice.
   */
  async stop({ failed = false, keep = false }: { failed?: boolean; keep?: boolean } = {}): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const { log } = this.#options;
    try {
      if (this.#options.reports ?? true) {
        const dir = this.lab.state.reportsDir ?? thisRunFolder();
        await refreshMetaVersions(await labVersions(this.lab), dir).catch(() => {});
        const files = await writeReports(dir).catch((error: Error) => [`(reports failed: ${error.message})`]);
        log(`reports: ${files.join(', ')} in ${dir}`);
      }
      if (failed) {
        const dir = join(this.lab.state.reportsDir ?? thisRunFolder(), 'diagnostics');
        const written = await collectDiagnostics(this.lab, dir).catch(() => []);
        log(`a scenario failed: ${written.length} diagnostics files in ${dir}`);
      }
      if (keep) {
        this.leaveRunning();
        log(`lab session ${this.session} left running (npm run lab -- down removes it)`);
        return;
      }
      await stopLab(this.session, this.lab.provider, log);
      this.#store.remove();
      log(`lab session ${this.session} removed`);
    } finally {
      this.#removeSignalHandlers();
    }
  }
}
