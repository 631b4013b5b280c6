// Which Cilium upgrades the lab runs: CILIUM_FROM -> CILIUM_VERSION, checked
// before anything is created, so a run never starts on a path Cilium does not test.
import type { CiliumVersion } from './versions.ts';

/** Negative when `a` is older than `b`; a minor not resolved yet (no patch) compares by its minor only. */
export function compareCiliumVersions(a: CiliumVersion, b: CiliumVersion): number {
  return a.major - b.major || a.minor - b.minor || (a.patch ?? 0) - (b.patch ?? 0);
}

/**
 * Why CILIUM_FROM -> CILIUM_VERSION is not an upgrade the lab runs, or undefined when it is (or when
 * only resolving a minor can tell: it is asked again with the resolved versions).
 *
 * Cilium's upgrade guide (https://docs.cilium.io/en/stable/operations/upgrade/, "Version Specific
 * Notes"; Documentation/operations/upgrade.rst): "The only tested upgrade and rollback path is between
 * consecutive minor releases. Always perform upgrades and rollbacks between one minor release at a
 * time. Additionally, always update to the latest patch release of your current version before
 * attempting an upgrade." So CILIUM_FROM is the same minor (a patch upgrade) or exactly the previous
 * one, and older; a minor CILIUM_FROM means that minor's newest patch, the release the guide says to
 * upgrade from.
 */
export function ciliumUpgradeProblem(from: CiliumVersion, to: CiliumVersion): string | undefined {
  const both = `CILIUM_FROM=${from.text} -> CILIUM_VERSION=${to.text}`;
  const minors = to.minor - from.minor;
  if (from.major !== to.major || minors < 0 || minors > 1) {
    return `${both}: Cilium is upgraded one minor release at a time (its only tested path is between consecutive minors), so CILIUM_FROM must be a ${to.major}.${to.minor} or ${to.major}.${to.minor - 1} release older than CILIUM_VERSION`;
  }
  if (minors === 1) return undefined;
  if (from.patch === undefined) {
    return `${both}: CILIUM_FROM=${from.major}.${from.minor} means its newest patch, which no ${to.major}.${to.minor} release is newer than; name the patch to upgrade from, or CILIUM_FROM=${from.major}.${from.minor - 1} for a minor upgrade`;
  }
  if (to.patch !== undefined && compareCiliumVersions(from, to) >= 0) {
    return `${both}: CILIUM_FROM must be older than CILIUM_VERSION (the lab upgrades; it does not downgrade or reinstall)`;
  }
  return undefined;
}

/** Throws the problem, if any: settings call it so `check` and `plan` fail before anything is created. */
export function assertCiliumUpgradePath(from: CiliumVersion | undefined, to: CiliumVersion): void {
  const problem = from && ciliumUpgradeProblem(from, to);
  if (problem) throw new Error(problem);
}
