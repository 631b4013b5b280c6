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
}

/** What a lab run would use, resolved and checked, with nothing created: the plan and the start share it. */
export interface LabChoice {
  readonly lab: ResolvedLab;
  readonly provider: ClusterProvider;
  readonly router: RouterKind;
}

export async function chooseLab(options: Pick<SessionOptions, 'specPath' | 'provider'> = {}, spec?: LabSpec): Promise<LabChoice> {
  const provider = providerByName(options.provider);
  const lab = await resolveLab(spec ?? (await loadSpec(options.specPath)));
  const router = routerKindByName(lab.spec.router.kind);
  return { lab, provider, router };
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
    const { lab, provider, router } = await chooseLab(options);
    useBudgets(labBudgets(lab, provider.budgets));
    for (const warning of [...routerPolicyWarnings(lab.spec), ...passwordNotes(lab)]) log(`warning: ${warning}`);
    // This run's folder becomes reports/latest. A results file of an earlier run
    // (a reused LAB_REPORTS_DIR) must never be compared or saved as this one's.
    const reportsDir = reports ? claimRunFolder() : undefined;
    if (reportsDir) await Promise.all([measurementsDir(), thisRunResults()].map((p) => rm(p, { recursive: true, force: true })));
    let session: string | undefined;
    const removeSignalHandlers = cleanupOnSignals(() => session, log, options.exitOnSignal ?? false);
    try {
      const state = await startLab(lab, { provider, router, log, onSession: (s) => (session = s) });
      try {
        const running = new Lab(store, store.write(reportsDir ? { ...state, reportsDir } : state));
        if (reports) await saveMeta(runMeta(state, await labVersions(running), startedAt));
        return new LabSession(running, store, options, removeSignalHandlers);
      } catch (error) {
        // Nothing will call stop() on a session that never started: remove the lab here.
        await stopLab(state.session, provider, log).catch(() => {});
        store.remove();
        throw error;
      }
    } catch (error) {
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
        await refreshMetaVersions(await labVersions(this.lab)).catch(() => {});
        const files = await writeReports().catch((error: Error) => [`(reports failed: ${error.message})`]);
        log(`reports: ${files.join(', ')} in ${thisRunFolder()}`);
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
