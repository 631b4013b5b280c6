// How Cilium's and the workload's images get into kind nodes that have no way
// out of the lab: pulled on the host, saved to an archive, loaded with
// `kind load image-archive`.
//
// Not `kind load docker-image`: with Docker's containerd image store (the
// default of fresh Docker 29 installs), `docker save` of a pulled multi-arch
// image exports the whole index while only one platform's content is present,
// and kind's import fails with "ctr: content digest sha256:...: not found"
// (kubernetes-sigs/kind issues 3795 and 4066). kind's maintainers' workaround
// (issue 3795): `docker save --platform ... | kind load image-archive -`.
// `docker save --platform` needs Docker 28 (API 1.48; docker/cli 5331).

/** What the host's Docker engine is, as far as saving images goes. */
export interface DockerImageStore {
  /** The containerd image store (`docker info`: `driver-type: io.containerd.snapshotter.v1`). */
  readonly containerd: boolean;
  /** The engine's API version, e.g. 1.48. */
  readonly apiVersion: string;
}

/** `docker save --platform` arrived with Docker 28.0 (API 1.48). */
export const SAVE_PLATFORM_MIN_API = '1.48';

/** `docker info` and `docker version` queries that tell the store (read-only). */
export const IMAGE_STORE_ARGV = {
  driverStatus: ['docker', 'info', '--format', '{{json .DriverStatus}}'],
  apiVersion: ['docker', 'version', '--format', '{{.Server.APIVersion}}'],
} as const;

/**
 * moby reports the containerd store's snapshotter in DriverStatus as ["driver-type",
 * "io.containerd.snapshotter.v1"] (daemon/containerd/service.go LayerStoreStatus); the graph-driver
 * store reports its backing filesystem instead. The driver's own name varies (overlayfs, stargz).
 */
export function parseImageStore(driverStatusJson: string, apiVersion: string): DockerImageStore {
  let status: unknown;
  try {
    status = JSON.parse(driverStatusJson.trim() || 'null');
  } catch {
    throw new Error(`\`${IMAGE_STORE_ARGV.driverStatus.join(' ')}\` printed something that is not JSON: ${driverStatusJson.trim().slice(0, 200)}`);
  }
  const pairs = Array.isArray(status) ? (status as unknown[]).filter((p): p is [string, string] => Array.isArray(p) && p.length === 2) : [];
  const containerd = pairs.some(([key, value]) => key === 'driver-type' && value.startsWith('io.containerd.snapshotter'));
  return { containerd, apiVersion: apiVersion.trim() };
}

function apiAtLeast(version: string, minimum: string): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = minimum.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

/** What is wrong with this store for kind, or undefined. */
export function imageStoreProblem(store: DockerImageStore): string | undefined {
  if (!store.containerd || apiAtLeast(store.apiVersion, SAVE_PLATFORM_MIN_API)) return undefined;
  return `Docker uses the containerd image store but its API is ${store.apiVersion}: saving one platform of an image (docker save --platform) needs API ${SAVE_PLATFORM_MIN_API} (Docker 28), and kind cannot load a whole multi-arch export`;
}

/** The docker platform of this host, as images are pulled for it. */
export function hostPlatform(arch: string = process.arch): string {
  return `linux/${arch === 'x64' ? 'amd64' : arch}`;
}

/** The platform to save images for: only needed (and only possible) with the containerd store. */
export function savePlatform(store: DockerImageStore, arch?: string): string | undefined {
  return store.containerd ? hostPlatform(arch) : undefined;
}
