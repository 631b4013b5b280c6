// Checks the host can run the kind provider (two real kind clusters with
// Cilium) before anything is created. Every problem is collected at once, each
// with what was found and what to do, so one run tells the whole story.
import { constants } from 'node:fs';
import { access, readFile as readFileFromDisk } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { assertDockerReachable } from '../../docker/prerequisites.ts';
import { runHost } from '../../exec/host.ts';
import { KIND_VERSION, type Semver } from './versions.ts';
import { IMAGE_STORE_ARGV, imageStoreProblem, parseImageStore, type DockerImageStore } from './image-store.ts';

// The pinned node image (versions.ts) is built for this kind release; an older kind may not boot it.
export const MIN_KIND_VERSION = KIND_VERSION;
/** The version the install hints name. */
export const RECOMMENDED_KIND_VERSION = KIND_VERSION;
export const MIN_HELM_VERSION = '3.12.0';
export const MIN_INOTIFY_WATCHES = 524288;
export const MIN_INOTIFY_INSTANCES = 512;
/** Rough memory one kind node running Cilium needs (bytes). */
export const MEMORY_PER_NODE_BYTES = 1.5 * 1024 ** 3;

export const INOTIFY_WATCHES_PATH = '/proc/sys/fs/inotify/max_user_watches';
export const INOTIFY_INSTANCES_PATH = '/proc/sys/fs/inotify/max_user_instances';
export const MEMINFO_PATH = '/proc/meminfo';

export const KIND_INSTALL_FIX =
  `install kind v${RECOMMENDED_KIND_VERSION} (at least v${MIN_KIND_VERSION}): \`go install sigs.k8s.io/kind@v${RECOMMENDED_KIND_VERSION}\`, ` +
  `or the release binary: \`curl -Lo ./kind https://kind.sigs.k8s.io/dl/v${RECOMMENDED_KIND_VERSION}/kind-linux-amd64 && chmod +x ./kind && sudo mv ./kind /usr/local/bin/kind\` ` +
  '(kind-linux-arm64 on ARM)';
export const HELM_INSTALL_FIX =
  `install Helm v${MIN_HELM_VERSION} or newer: \`curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | bash\`, ` +
  'or a release binary from https://github.com/helm/helm/releases';
export const INOTIFY_FIX =
  `sudo sysctl -w fs.inotify.max_user_watches=${MIN_INOTIFY_WATCHES} fs.inotify.max_user_instances=${MIN_INOTIFY_INSTANCES} ` +
  '(to keep it across reboots, put both settings in /etc/sysctl.d/99-kind.conf)';
export const DOCKER_INSTALL_FIX = 'install Docker (Debian: apt-get install docker.io) and retry';
export const DOCKER_START_FIX = 'start the Docker engine (systemctl start docker, or dockerd &) or point DOCKER_HOST at one, then retry';

export type { Semver };

export interface PrerequisiteProblem {
  /** Which check failed: docker, image-store, kind, helm, inotify or memory. */
  readonly check: string;
  /** What was found. */
  readonly problem: string;
  /** What to do about it. */
  readonly fix: string;
}

export type CommandRunner = (argv: readonly string[]) => Promise<{ readonly stdout: string }>;
export type FileReader = (path: string) => Promise<string>;

export interface KindPrerequisiteOptions {
  /** Total kind nodes over all clusters (sizes the memory check). */
  readonly nodeCount: number;
  /** Runs `kind version`, `helm version --short` and the docker image-store queries; default: hostRunner(). */
  readonly run?: CommandRunner;
  /** Reads /proc files; default: fs.readFile as UTF-8. */
  readonly readFile?: FileReader;
  /** Resolves with a docker description, throws when docker is unusable; default: assertDockerReachable behind a PATH check. */
  readonly docker?: () => Promise<string>;
}

// ---------------------------------------------------------------- parsing

/**
 * The first `X.Y.Z` (optionally `vX.Y.Z`) standing on its own in text: `kind v0.29.0 go1.24.2 linux/amd64` gives 0.29.0
 * (the go version is glued to "go" and skipped), `v3.18.4+gd80839c` gives 3.18.4.
 */
export function parseSemver(text: string): Semver | undefined {
  const match = /(?:^|[^0-9A-Za-z.])v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function formatSemver(version: Semver): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

function toSemver(version: Semver | string): Semver {
  if (typeof version !== 'string') return version;
  const parsed = parseSemver(version);
  if (!parsed) throw new Error(`not a version: "${version}"`);
  return parsed;
}

/** a >= b, comparing major, minor, patch (build metadata and pre-release tags ignored). */
export function atLeast(a: Semver | string, b: Semver | string): boolean {
  const x = toSemver(a);
  const y = toSemver(b);
  if (x.major !== y.major) return x.major > y.major;
  if (x.minor !== y.minor) return x.minor > y.minor;
  return x.patch >= y.patch;
}

/** A /proc/sys integer file such as `8192\n`. */
export function parseProcInteger(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** MemAvailable from /proc/meminfo, in bytes. */
export function parseMemAvailable(meminfo: string): number | undefined {
  const match = /^MemAvailable:\s+(\d+)\s*kB\s*$/m.exec(meminfo);
  return match ? Number(match[1]) * 1024 : undefined;
}

export function formatGiB(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

export function memoryNeeded(nodeCount: number): number {
  return nodeCount * MEMORY_PER_NODE_BYTES;
}

// ---------------------------------------------------------------- real sources

/** The path of an executable named `name` on a PATH string, or undefined. */
export async function findOnPath(name: string, pathVariable: string | undefined): Promise<string | undefined> {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function notFoundError(name: string): Error {
  return Object.assign(new Error(`spawn ${name} ENOENT: ${name} is not on PATH`), { code: 'ENOENT' });
}

export interface HostRunnerOptions {
  /** Extra environment for the child (merged over process.env), e.g. `{ PATH }`. */
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
}

/**
 * A CommandRunner over runHost. A program missing from PATH is reported as an
 * ENOENT error (runHost alone only says "got no exit code" in that case).
 */
export function hostRunner(options: HostRunnerOptions = {}): CommandRunner {
  return async (argv) => {
    const [file] = argv;
    if (!file) throw new Error('hostRunner: empty command');
    if (!file.includes('/') && !(await findOnPath(file, options.env?.PATH ?? process.env.PATH))) throw notFoundError(file);
    return runHost(argv, { timeoutMs: options.timeoutMs ?? 20_000, ...(options.env ? { env: options.env } : {}) });
  };
}

async function defaultDockerCheck(): Promise<string> {
  if (!(await findOnPath('docker', process.env.PATH))) throw notFoundError('docker');
  return assertDockerReachable();
}

const readUtf8: FileReader = (path) => readFileFromDisk(path, 'utf8');

// ---------------------------------------------------------------- checks

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' || /\bENOENT\b/.test(String((error as Error | undefined)?.message ?? error));
}

function reason(error: unknown): string {
  return String((error as Error | undefined)?.message ?? error).trim();
}

/** A multi-line error message as one line (the problem list puts each problem on one line). */
function oneLine(text: string, max = 400): string {
  const joined = text.split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
  return joined.length > max ? `${joined.slice(0, max - 1)}…` : joined;
}

async function checkDocker(docker: () => Promise<string>): Promise<PrerequisiteProblem | undefined> {
  try {
    await docker();
    return undefined;
  } catch (error) {
    if (isNotFound(error) || /not installed/.test(reason(error))) {
      return { check: 'docker', problem: 'docker is not on PATH', fix: DOCKER_INSTALL_FIX };
    }
    // assertDockerReachable ends its message with its own advice; keep the finding, give the advice as the fix.
    const found = oneLine(reason(error).replace(/\n?Start the Docker engine[\s\S]*$/, ''));
    return { check: 'docker', problem: found.startsWith('Docker is not reachable') ? found : `Docker is not reachable: ${found}`, fix: DOCKER_START_FIX };
  }
}

async function checkToolVersion(
  run: CommandRunner,
  tool: 'kind' | 'helm',
  argv: readonly string[],
  minimum: string,
  installFix: string,
): Promise<PrerequisiteProblem | undefined> {
  let stdout: string;
  try {
    ({ stdout } = await run(argv));
  } catch (error) {
    if (isNotFound(error)) return { check: tool, problem: `${tool} is not on PATH`, fix: installFix };
    return { check: tool, problem: `\`${argv.join(' ')}\` failed: ${oneLine(reason(error))}`, fix: `check the ${tool} binary on PATH works, or re${installFix}` };
  }
  const version = parseSemver(stdout);
  if (!version) {
    return { check: tool, problem: `could not read a version from \`${argv.join(' ')}\` output "${stdout.trim()}"`, fix: `re${installFix}` };
  }
  if (!atLeast(version, minimum)) {
    return { check: tool, problem: `${tool} v${formatSemver(version)} is too old: need at least v${minimum} (\`${argv.join(' ')}\` printed "${stdout.trim()}")`, fix: installFix.replace(/^install/, 'upgrade: install') };
  }
  return undefined;
}

async function readLimit(readFile: FileReader, path: string): Promise<number | string> {
  try {
    const text = await readFile(path);
    return parseProcInteger(text) ?? `unreadable value "${text.trim()}"`;
  } catch (error) {
    return `unreadable (${oneLine(reason(error))})`;
  }
}

async function checkInotify(readFile: FileReader): Promise<PrerequisiteProblem | undefined> {
  const [watches, instances] = await Promise.all([readLimit(readFile, INOTIFY_WATCHES_PATH), readLimit(readFile, INOTIFY_INSTANCES_PATH)]);
  const findings: string[] = [];
  if (typeof watches !== 'number' || watches < MIN_INOTIFY_WATCHES) findings.push(`fs.inotify.max_user_watches is ${watches} (need >= ${MIN_INOTIFY_WATCHES})`);
  if (typeof instances !== 'number' || instances < MIN_INOTIFY_INSTANCES) findings.push(`fs.inotify.max_user_instances is ${instances} (need >= ${MIN_INOTIFY_INSTANCES})`);
  if (findings.length === 0) return undefined;
  return { check: 'inotify', problem: `inotify limits too low for many kind nodes: ${findings.join(', ')}`, fix: INOTIFY_FIX };
}

async function checkMemory(readFile: FileReader, nodeCount: number): Promise<PrerequisiteProblem | undefined> {
  const needed = memoryNeeded(nodeCount);
  const fix = `free memory (stop other containers, VMs or labs) or give the host more RAM; each kind node running Cilium needs about ${formatGiB(MEMORY_PER_NODE_BYTES)}`;
  let meminfo: string;
  try {
    meminfo = await readFile(MEMINFO_PATH);
  } catch (error) {
    return { check: 'memory', problem: `could not read ${MEMINFO_PATH}: ${oneLine(reason(error))}`, fix: `run on a Linux host with /proc mounted; ${fix}` };
  }
  const available = parseMemAvailable(meminfo);
  if (available === undefined) {
    return { check: 'memory', problem: `no MemAvailable line in ${MEMINFO_PATH}`, fix: `run on Linux 3.14 or newer; ${fix}` };
  }
  if (available >= needed) return undefined;
  return {
    check: 'memory',
    problem: `not enough free memory for ${nodeCount} kind node${nodeCount === 1 ? '' : 's'} with Cilium: need ${formatGiB(needed)} (${formatGiB(MEMORY_PER_NODE_BYTES)} per node), MemAvailable is ${formatGiB(available)}`,
    fix,
  };
}

/** Docker's image store can hand kind one platform of each image (image-store.ts). */
async function checkImageStore(run: CommandRunner): Promise<PrerequisiteProblem | undefined> {
  let store: DockerImageStore;
  try {
    const [status, api] = await Promise.all([run(IMAGE_STORE_ARGV.driverStatus), run(IMAGE_STORE_ARGV.apiVersion)]);
    store = parseImageStore(status.stdout, api.stdout);
  } catch {
    return undefined; // Docker itself unreachable: the docker check says so.
  }
  const problem = imageStoreProblem(store);
  if (!problem) return undefined;
  return {
    check: 'image-store',
    problem,
    fix: 'upgrade Docker to 28 or newer, or turn the containerd image store off ("features": {"containerd-snapshotter": false} in /etc/docker/daemon.json, then restart dockerd)',
  };
}

/** Every problem found, in the order docker, image store, kind, helm, inotify, memory; empty when the host is ready. */
export async function checkKindPrerequisites(options: KindPrerequisiteOptions): Promise<PrerequisiteProblem[]> {
  const { nodeCount } = options;
  if (!Number.isInteger(nodeCount) || nodeCount < 1) throw new Error(`checkKindPrerequisites: nodeCount must be a positive integer, got ${nodeCount}`);
  const run = options.run ?? hostRunner();
  const readFile = options.readFile ?? readUtf8;
  const docker = options.docker ?? defaultDockerCheck;
  const results = await Promise.all([
    checkDocker(docker),
    checkImageStore(run),
    checkToolVersion(run, 'kind', ['kind', 'version'], MIN_KIND_VERSION, KIND_INSTALL_FIX),
    checkToolVersion(run, 'helm', ['helm', 'version', '--short'], MIN_HELM_VERSION, HELM_INSTALL_FIX),
    checkInotify(readFile),
    checkMemory(readFile, nodeCount),
  ]);
  return results.filter((result): result is PrerequisiteProblem => result !== undefined);
}

export function formatPrerequisiteProblems(problems: readonly PrerequisiteProblem[]): string {
  const header = `the kind provider cannot run on this host (${problems.length} problem${problems.length === 1 ? '' : 's'}):`;
  return [header, ...problems.map((p) => `- ${p.check}: ${p.problem}\n  fix: ${p.fix}`)].join('\n');
}

/** Throws one Error listing every problem; resolves when the host is ready. */
export async function assertKindPrerequisites(options: KindPrerequisiteOptions): Promise<void> {
  const problems = await checkKindPrerequisites(options);
  if (problems.length > 0) throw new Error(formatPrerequisiteProblems(problems));
}
