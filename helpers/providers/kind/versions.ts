// Versions the kind provider pins, each overridable by one setting, and the
// Cilium API versions that follow from the Cilium version.

/** Cilium chart version (CILIUM_VERSION); the default is a current stable release. */
export const DEFAULT_CILIUM_VERSION = '1.20.1';
/** The kind release the node image below is built for. */
export const KIND_VERSION = '0.31.0';
/** The kind node image (LAB_KIND_NODE_IMAGE): kind v0.31's default Kubernetes, pinned by digest. */
export const DEFAULT_KIND_NODE_IMAGE = 'kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f';
/** Cilium's Helm repository. */
export const CILIUM_HELM_REPO = 'https://helm.cilium.io';

export interface Semver {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export interface CiliumVersion extends Semver {
  readonly text: string;
}

/** Oldest minor with the CiliumBGPClusterConfig API this lab's manifests use. */
export const MIN_CILIUM_MINOR = 16;

export function parseCiliumVersion(text: string): CiliumVersion {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.]+)?$/.exec(text.trim());
  if (!m) throw new Error(`CILIUM_VERSION="${text}" is not a version like 1.19.1`);
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (major !== 1 || minor < MIN_CILIUM_MINOR) {
    throw new Error(`CILIUM_VERSION="${text}": the lab needs Cilium >= 1.${MIN_CILIUM_MINOR} (CiliumBGPClusterConfig, CiliumBGPPeerConfig, CiliumBGPAdvertisement)`);
  }
  return { text: text.trim().replace(/^v/, ''), major, minor, patch };
}

export function ciliumVersion(env: NodeJS.ProcessEnv = process.env): CiliumVersion {
  return parseCiliumVersion(env['CILIUM_VERSION'] ?? DEFAULT_CILIUM_VERSION);
}

export function kindNodeImage(env: NodeJS.ProcessEnv = process.env): string {
  return env['LAB_KIND_NODE_IMAGE'] ?? DEFAULT_KIND_NODE_IMAGE;
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
