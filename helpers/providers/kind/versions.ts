// Versions the kind provider pins, each overridable by one setting, and the
// Cilium API versions that follow from the Cilium version.

/**
 * Cilium chart version (CILIUM_VERSION): a release like 1.20.2, or a minor like 1.20, which is
 * resolved to that minor's newest patch when the lab runs (helm show chart, see chartVersionArgv).
 * The default is the newest patch of the newest maintained minor (1.20.2, September 2026).
 */
export const DEFAULT_CILIUM_VERSION = '1.20.2';
/** The kind release the node images below are built for. */
export const KIND_VERSION = '0.32.0';
/**
 * Node images kind v0.32.0 was released with (June 2026), by Kubernetes minor, pinned by digest. kind
 * supports a node image only with the release it shipped with, and these need v0.32.0 to load images
 * into (their containerd config is version 4: kind v0.32.0 pkg/cluster/nodeutils/util.go). 1.36: kind's
 * own default at the tag (kubernetes-sigs/kind v0.32.0, pkg/apis/config/defaults/image.go). 1.33-1.35:
 * the release notes' pre-built images, which kind's repository does not hold; the same digests are
 * pinned by several independent projects for kind v0.32.0. The release has no 1.32 image.
 */
export const KIND_NODE_IMAGES = {
  '1.36': 'kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5',
  '1.35': 'kindest/node:v1.35.5@sha256:ce977ae6d65918d0b58a5f8b5e940429c2ce42fa3a5619ec2bbc60b949c0ac95',
  '1.34': 'kindest/node:v1.34.8@sha256:02722c2dedddcfc00febf5d27fbeb9b7b2c14294c82109ff4a85d89ac9ba3256',
  '1.33': 'kindest/node:v1.33.12@sha256:3f5c8443c620245e4d355cfe09e96a91ead32ceaa569d3f1ca9edf0cb2fe2ff4',
} as const;

/**
 * The Kubernetes minor each Cilium minor runs on here: the newest one its documentation says is e2e
 * tested ("Kubernetes Compatibility", Documentation/network/kubernetes/compatibility.rst) that kind
 * v0.32 has an image for. 1.18 lists 1.30-1.33 (docs at v1.18.14); 1.19 lists 1.32-1.35. No list was
 * found for 1.20, which is newer than 1.19 (so 1.35). 1.16 and 1.17 predate 1.18's list and were
 * tested on 1.32 at most; kind v0.32 starts at 1.33, so they run on 1.33, one minor past what they
 * were tested with (LAB_KIND_NODE_IMAGE overrides, e.g. kind v0.31.0's kindest/node:v1.32.11).
 */
const KUBERNETES_FOR_CILIUM: Readonly<Record<number, keyof typeof KIND_NODE_IMAGES>> = { 16: '1.33', 17: '1.33', 18: '1.33', 19: '1.35', 20: '1.35' };
/** The Cilium minors this provider knows: each has a Kubernetes to run on, and a chart key table (fixtures/cilium-chart-keys). */
export const KNOWN_CILIUM_MINORS: readonly number[] = Object.keys(KUBERNETES_FOR_CILIUM).map(Number);
/** A Cilium minor newer than the table: the newest Kubernetes kind v0.32 has. */
const NEWEST_KUBERNETES: keyof typeof KIND_NODE_IMAGES = '1.36';
/** Cilium's Helm repository. */
export const CILIUM_HELM_REPO = 'https://helm.cilium.io';

export interface Semver {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** A Cilium version as asked for: `patch` is undefined for a minor (1.20) not resolved yet. */
export interface CiliumVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch?: number;
  /** 1.20.2, or 1.20.x before resolution. */
  readonly text: string;
}

/** Oldest minor with the CiliumBGPClusterConfig API this lab's manifests use. */
export const MIN_CILIUM_MINOR = 16;

/** The settings that name a Cilium version: the one the lab runs, and the one an upgrade starts from. */
export type CiliumSetting = 'CILIUM_VERSION' | 'CILIUM_FROM';

export function parseCiliumVersion(text: string, setting: CiliumSetting = 'CILIUM_VERSION'): CiliumVersion {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+)(?:-[0-9A-Za-z.]+)?)?$/.exec(text.trim());
  if (!m) throw new Error(`${setting}="${text}" is not a version like 1.19.1 (or a minor like 1.19, for its newest patch)`);
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major !== 1 || minor < MIN_CILIUM_MINOR) {
    throw new Error(`${setting}="${text}": the lab needs Cilium >= 1.${MIN_CILIUM_MINOR} (CiliumBGPClusterConfig, CiliumBGPPeerConfig, CiliumBGPAdvertisement)`);
  }
  if (m[3] === undefined) return { major, minor, text: `${major}.${minor}.x` };
  return { text: text.trim().replace(/^v/, ''), major, minor, patch: Number(m[3]) };
}

/**
 * `helm show chart` of a minor's newest patch: helm's --version takes a constraint, "a specific tag
 * (e.g. 1.1.1) or ... a valid range (e.g. ^2.0.0). If this is not specified, the latest version is
 * used" (helm cmd/helm/flags.go, addChartPathOptionsFlags); ~1.20.0 is >= 1.20.0, < 1.21.0.
 */
export function chartVersionArgv(repo: string, version: CiliumVersion): string[] {
  return ['helm', 'show', 'chart', 'cilium', '--repo', repo, '--version', `~${version.major}.${version.minor}.0`];
}

/** The `version:` of a Chart.yaml, as `helm show chart` prints it, parsed and checked against the minor asked for. */
export function resolvedCiliumVersion(chartYaml: string, asked: CiliumVersion, setting: CiliumSetting = 'CILIUM_VERSION'): CiliumVersion {
  const version = /^version:\s*"?v?([^"\s]+)"?\s*$/m.exec(chartYaml)?.[1];
  if (!version) throw new Error(`helm show chart cilium: no version in its Chart.yaml:\n${chartYaml.slice(0, 400)}`);
  const resolved = parseCiliumVersion(version, setting);
  if (resolved.minor !== asked.minor || resolved.patch === undefined) {
    throw new Error(`${setting}="${asked.text}": helm show chart answered ${version}, not a ${asked.major}.${asked.minor} release`);
  }
  return resolved;
}

export function ciliumVersion(env: NodeJS.ProcessEnv = process.env): CiliumVersion {
  return parseCiliumVersion(env['CILIUM_VERSION'] ?? DEFAULT_CILIUM_VERSION);
}

/**
 * The Cilium the clusters are created with when a rolling upgrade to CILIUM_VERSION is to be run
 * (CILIUM_FROM, same syntax: a minor means its newest patch); undefined when unset or empty.
 */
export function ciliumFrom(env: NodeJS.ProcessEnv = process.env): CiliumVersion | undefined {
  const text = env['CILIUM_FROM']?.trim();
  return text ? parseCiliumVersion(text, 'CILIUM_FROM') : undefined;
}

/** The node image for a Cilium version (LAB_KIND_NODE_IMAGE overrides). */
export function kindNodeImage(version: CiliumVersion, env: NodeJS.ProcessEnv = process.env): string {
  return env['LAB_KIND_NODE_IMAGE'] ?? KIND_NODE_IMAGES[KUBERNETES_FOR_CILIUM[version.minor] ?? NEWEST_KUBERNETES];
}

/** The BGP control plane and LB-IPAM resources are cilium.io/v2 from 1.18, v2alpha1 on 1.16 and 1.17. */
export function ciliumApiVersion(version: CiliumVersion): 'cilium.io/v2' | 'cilium.io/v2alpha1' {
  return version.minor >= 18 ? 'cilium.io/v2' : 'cilium.io/v2alpha1';
}

/** Kinds whose apiVersion follows the Cilium version. */
export const VERSIONED_CILIUM_KINDS = [
  'CiliumBGPClusterConfig',
  'CiliumBGPPeerConfig',
  'CiliumBGPAdvertisement',
  'CiliumBGPNodeConfigOverride',
  'CiliumLoadBalancerIPPool',
] as const;
