// Named wait budgets, defined once. Every wait in the lab is a poll against
// one of these; none is a fixed sleep. LAB_BUDGET_SCALE stretches them all on
// slow machines; the running lab's cluster provider may set its own for some
// (a real cluster takes minutes to create, an emulated one seconds).

import { positiveNumberSetting } from './settings.ts';

// A mistyped LAB_BUDGET_SCALE is reported before anything starts (model/settings.ts), not used.
const scale = positiveNumberSetting(process.env, 'LAB_BUDGET_SCALE') || 1;

export const BUDGETS = {
  /** Containers start and their entrypoints finish. */
  containerReady: 20_000,
  /** A scenario that changes the lab finds it converged (a short grace, not a wait for an earlier failure). */
  startingState: 5_000,
  /** Every BGP session reaches Established. */
  bgpSession: 45_000,
  /** The VIP is installed with the expected ECMP next hops. */
  ecmpConvergence: 30_000,
  /** After a cluster dies, the router drops its next hops (graceful restart time + hold time + margin). */
  failover: 60_000,
  /** A deleted cluster is created again and its next hops are back (kind: a whole cluster and Cilium). */
  recovery: 30_000,
  /** A restarting speaker is watched this long: its graceful-restart time and some. */
  speakerRestart: 20_000,
  /**
   * A speaker the router must refuse is watched until the router's kernel has refused its SYNs (it
   * connects 1-2 s after it starts, and TCP resends the SYN after 1 s), or its announcements are
   * taken or not: the budget only bounds a rogue that never tries.
   */
  rogueRefused: 15_000,
  /** A rolling upgrade of every cluster's speakers (Cilium: agents), node by node. */
  upgrade: 120_000,
  /** Cilium's agent DaemonSet and operator Deployment are rolled out on a new kind cluster. */
  ciliumReady: 180_000,
  /** Cilium LB-IPAM gives a LoadBalancer Service its address. */
  serviceIp: 30_000,
  /** Every node's CiliumBGPNodeConfig exists and reports each of its peers Established. */
  bgpNodeConfig: 60_000,
} as const;

export type BudgetName = keyof typeof BUDGETS;
export type BudgetOverrides = Readonly<Partial<Record<BudgetName, number>>>;

let overrides: BudgetOverrides = {};

/**
 * Budgets the running lab's provider sets (ClusterProvider.budgets). Set once
 * per process by whoever opens the lab, before any wait.
 */
export function useBudgets(providerBudgets: BudgetOverrides = {}): void {
  overrides = providerBudgets;
}

export interface BudgetOptions {
  /** Stretches or shrinks this one wait's budget, on top of LAB_BUDGET_SCALE (unit tests run a wait out in well under a second). */
  readonly budgetScale?: number;
}

export function budgetMs(name: BudgetName, options: BudgetOptions = {}): number {
  return Math.round((overrides[name] ?? BUDGETS[name]) * scale * (options.budgetScale ?? 1));
}

export const POLL_INTERVAL_MS = 200;

export interface PollResult<T> {
  readonly value: T | undefined;
  readonly met: boolean;
  readonly waitedMs: number;
  readonly lastError?: Error;
}

/**
 * Polls `read` until `done(value)` holds or the budget runs out, and returns the
 * last value either way, so the caller can assert on it with a readable diff.
 */
export async function pollUntil<T>(
  budget: BudgetName,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: BudgetOptions = {},
): Promise<PollResult<T>> {
  const started = Date.now();
  const deadline = started + budgetMs(budget, options);
  let value: T | undefined;
  let lastError: Error | undefined;
  for (;;) {
    try {
      value = await read();
      lastError = undefined;
      if (done(value)) return { value, met: true, waitedMs: Date.now() - started };
    } catch (error) {
      lastError = error as Error;
    }
    if (Date.now() >= deadline) return { value, met: false, waitedMs: Date.now() - started, ...(lastError ? { lastError } : {}) };
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
}

/** Polls `step` until it returns true or the budget runs out; never throws on the deadline (the caller asserts). */
export async function waitUntilDeadline(budget: BudgetName, step: () => Promise<boolean>): Promise<boolean> {
  const result = await pollUntil(budget, step, (done) => done);
  return result.met;
}

/** Like pollUntil, but running out of budget is an error naming the budget, the wait and the last value. */
export async function waitFor<T>(
  budget: BudgetName,
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  describe: (value: T | undefined) => string = (v) => JSON.stringify(v),
  options: BudgetOptions = {},
): Promise<T> {
  const result = await pollUntil(budget, read, done, options);
  if (result.met) return result.value as T;
  const seen = result.lastError ? `the last read failed: ${result.lastError.message}` : `last seen: ${describe(result.value)}`;
  throw new Error(`waited ${budgetMs(budget, options)} ms (budget "${budget}") for ${what}; ${seen}`);
}
