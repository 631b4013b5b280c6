// CILIUM_FROM: which Cilium the clusters are created with when the lab upgrades
// them to CILIUM_VERSION, and which upgrades it refuses before creating anything.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ciliumFrom, KIND_NODE_IMAGES, parseCiliumVersion, resolvedCiliumVersion } from './versions.ts';
import { assertCiliumUpgradePath, ciliumUpgradeProblem, compareCiliumVersions } from './upgrade-path.ts';
import { kindSettings } from './provider.ts';

const v = (text: string) => parseCiliumVersion(text);

describe('CILIUM_FROM', () => {
  it('is unset by default (no upgrade), and takes a release or a minor like CILIUM_VERSION', () => {
    expect(ciliumFrom({})).toBeUndefined();
    expect(ciliumFrom({ CILIUM_FROM: '' })).toBeUndefined();
    expect(ciliumFrom({ CILIUM_FROM: '1.19.8' })).toEqual({ major: 1, minor: 19, patch: 8, text: '1.19.8' });
    expect(ciliumFrom({ CILIUM_FROM: 'v1.19' })).toEqual({ major: 1, minor: 19, text: '1.19.x' });
  });

  it('names itself when it is not a version the lab runs', () => {
    expect(() => ciliumFrom({ CILIUM_FROM: 'stable' })).toThrow('CILIUM_FROM="stable" is not a version like 1.19.1');
    expect(() => ciliumFrom({ CILIUM_FROM: '1.15.7' })).toThrow('CILIUM_FROM="1.15.7": the lab needs Cilium >= 1.16');
  });

  // A minor means its newest patch, resolved by the same read-only chart query as CILIUM_VERSION
  // (helm show chart --version ~1.19.0): the upgrade guide says to upgrade from the newest patch.
  it("resolves a minor to its newest patch, naming CILIUM_FROM when the chart's answer is of another minor", () => {
    const chart = readFileSync('fixtures/examples/kind/helm-show-chart-cilium-1.20.excerpt.yaml', 'utf8');
    expect(resolvedCiliumVersion(chart, v('1.20'), 'CILIUM_FROM')).toEqual({ major: 1, minor: 20, patch: 2, text: '1.20.2' });
    expect(() => resolvedCiliumVersion(chart, v('1.19'), 'CILIUM_FROM')).toThrow('CILIUM_FROM="1.19.x": helm show chart answered 1.20.2, not a 1.19 release');
  });
});

// Cilium's upgrade guide (https://docs.cilium.io/en/stable/operations/upgrade/, "Version Specific
// Notes"): "The only tested upgrade and rollback path is between consecutive minor releases. Always
// perform upgrades and rollbacks between one minor release at a time. Additionally, always update to
// the latest patch release of your current version before attempting an upgrade."
describe('the Cilium upgrade path', () => {
  it('takes a patch upgrade, and an upgrade from the previous minor', () => {
    expect(ciliumUpgradeProblem(v('1.20.1'), v('1.20.2'))).toBeUndefined();
    expect(ciliumUpgradeProblem(v('1.19.8'), v('1.20.2'))).toBeUndefined();
    expect(ciliumUpgradeProblem(v('1.17.10'), v('1.18.14'))).toBeUndefined();
    // Minors to be resolved: the previous minor's newest patch is older than any release of the next.
    expect(ciliumUpgradeProblem(v('1.19'), v('1.20'))).toBeUndefined();
    // 1.20's newest patch may be newer than 1.20.1: asked again once resolved.
    expect(ciliumUpgradeProblem(v('1.20.1'), v('1.20'))).toBeUndefined();
  });

  it('refuses skipping a minor, naming both settings and their values', () => {
    expect(ciliumUpgradeProblem(v('1.18.14'), v('1.20.2'))).toBe(
      'CILIUM_FROM=1.18.14 -> CILIUM_VERSION=1.20.2: Cilium is upgraded one minor release at a time (its only tested path is between consecutive minors), so CILIUM_FROM must be a 1.20 or 1.19 release older than CILIUM_VERSION',
    );
  });

  it('refuses a downgrade and a reinstall of the same release', () => {
    expect(ciliumUpgradeProblem(v('1.20.2'), v('1.19.8'))).toContain('CILIUM_FROM=1.20.2 -> CILIUM_VERSION=1.19.8: Cilium is upgraded one minor release at a time');
    expect(ciliumUpgradeProblem(v('1.20.2'), v('1.20.1'))).toBe('CILIUM_FROM=1.20.2 -> CILIUM_VERSION=1.20.1: CILIUM_FROM must be older than CILIUM_VERSION (the lab upgrades; it does not downgrade or reinstall)');
    expect(ciliumUpgradeProblem(v('1.20.2'), v('1.20.2'))).toContain('CILIUM_FROM must be older than CILIUM_VERSION');
  });

  it('refuses a minor CILIUM_FROM of the same minor: its newest patch is never older', () => {
    expect(ciliumUpgradeProblem(v('1.20'), v('1.20.2'))).toContain('CILIUM_FROM=1.20.x -> CILIUM_VERSION=1.20.2: CILIUM_FROM=1.20 means its newest patch');
  });

  it('orders versions by minor, then patch', () => {
    expect(compareCiliumVersions(v('1.19.8'), v('1.20.0'))).toBeLessThan(0);
    expect(compareCiliumVersions(v('1.20.10'), v('1.20.9'))).toBeGreaterThan(0);
    expect(() => assertCiliumUpgradePath(undefined, v('1.20.2'))).not.toThrow();
  });
});

describe('the kind settings with CILIUM_FROM', () => {
  it('create the clusters at CILIUM_FROM, on its node image, and upgrade them to CILIUM_VERSION', () => {
    const settings = kindSettings({ CILIUM_FROM: '1.18.14', CILIUM_VERSION: '1.19.8' });
    expect(settings.upgradeFrom?.text).toBe('1.18.14');
    expect(settings.ciliumVersion.text).toBe('1.19.8');
    // Cilium 1.18 is e2e tested up to Kubernetes 1.33, 1.19 from 1.32 (versions.test.ts): 1.33 serves both.
    expect(settings.nodeImage).toBe(KIND_NODE_IMAGES['1.33']);
    expect(kindSettings({}).upgradeFrom).toBeUndefined();
  });

  it('fail, before anything is created, on an upgrade Cilium does not test', () => {
    expect(() => kindSettings({ CILIUM_FROM: '1.18.14', CILIUM_VERSION: '1.20.2' })).toThrow('CILIUM_FROM=1.18.14 -> CILIUM_VERSION=1.20.2');
    expect(() => kindSettings({ CILIUM_FROM: '1.20.2' })).toThrow('CILIUM_FROM=1.20.2 -> CILIUM_VERSION=1.20.2: CILIUM_FROM must be older than CILIUM_VERSION');
  });
});
