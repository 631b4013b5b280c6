import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertKindPrerequisites,
  atLeast,
  checkKindPrerequisites,
  type CommandRunner,
  type FileReader,
  formatGiB,
  hostRunner,
  INOTIFY_FIX,
  MIN_HELM_VERSION,
  MIN_KIND_VERSION,
  parseMemAvailable,
  parseProcInteger,
  parseSemver,
} from './prerequisites.ts';

// Recorded outputs of the real tools.
const KIND_0_20 = 'kind v0.20.0 go1.20.4 linux/amd64';
const KIND_0_31 = 'kind v0.31.0 go1.25.5 linux/amd64';
// kind's release builds use the Go of its .go-version (1.26.3 at v0.32.0, 1.25.5 at v0.31.0).
const KIND_0_32 = 'kind v0.32.0 go1.26.3 linux/amd64';
const KIND_0_17 = 'kind v0.17.0 go1.19.2 linux/amd64';
const HELM_3_18 = 'v3.18.4+gd80839c';
const HELM_3_12 = 'v3.12.3+g3a31588';
const HELM_4 = 'v4.0.0+g99cd196';
const HELM_3_11 = 'v3.11.3+g3a31588';

const GiB = 1024 ** 3;
const meminfo = (availableBytes: number) =>
  ['MemTotal:       32768000 kB', 'MemFree:         1024000 kB', `MemAvailable:   ${Math.round(availableBytes / 1024)} kB`, 'Buffers:          204800 kB', ''].join('\n');

/** A readFile over a fixed map of /proc files; anything else is missing. */
function fakeFiles(files: Record<string, string>): FileReader {
  return async (path) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
}

const goodFiles = (nodeCount: number) => fakeFiles({
  '/proc/sys/fs/inotify/max_user_watches': '524288\n',
  '/proc/sys/fs/inotify/max_user_instances': '512\n',
  '/proc/meminfo': meminfo(nodeCount * 1.5 * GiB + 100 * 1024 ** 2),
});

/** A runner answering from recorded outputs; a missing tool throws like a failed spawn. */
function fakeRun(outputs: Record<string, string | undefined>): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  const run = async (argv: readonly string[]) => {
    const command = argv.join(' ');
    calls.push(command);
    const stdout = outputs[command];
    if (stdout === undefined) throw Object.assign(new Error(`spawn ${argv[0]} ENOENT`), { code: 'ENOENT' });
    return { stdout };
  };
  return Object.assign(run, { calls });
}

// `docker info --format '{{json .DriverStatus}}'`: the classic store as recorded from Docker 20.10
// (overlay2); the containerd store's as moby reports it (daemon/containerd/service.go LayerStoreStatus:
// driver-type io.containerd.snapshotter.v1).
const CLASSIC_STORE = readFileSync('fixtures/recorded/kind/docker-info-driver-status-overlay2.json', 'utf8');
const CONTAINERD_STORE = readFileSync('fixtures/examples/kind/docker-info-driver-status-containerd.json', 'utf8');
const DOCKER_INFO = "docker info --format {{json .DriverStatus}}";
const DOCKER_API = 'docker version --format {{.Server.APIVersion}}';
const goodDocker = { [DOCKER_INFO]: CONTAINERD_STORE, [DOCKER_API]: '1.51\n' };
const goodRun = () => fakeRun({ 'kind version': KIND_0_32, 'helm version --short': HELM_3_18, ...goodDocker });
const dockerOk = async () => '28.3.2 (API 1.51)';

describe('version parsing', () => {
  it.each([
    [KIND_0_20, { major: 0, minor: 20, patch: 0 }],
    [KIND_0_31, { major: 0, minor: 31, patch: 0 }],
    [HELM_3_18, { major: 3, minor: 18, patch: 4 }],
    [HELM_3_12, { major: 3, minor: 12, patch: 3 }],
    [HELM_4, { major: 4, minor: 0, patch: 0 }],
    ['0.20.0', { major: 0, minor: 20, patch: 0 }],
  ])('parses %s', (text, version) => {
    expect(parseSemver(text)).toEqual(version);
  });

  it('takes the tool version, not the go version glued to "go"', () => {
    expect(parseSemver('kind go1.24.2 v0.31.0')).toEqual({ major: 0, minor: 31, patch: 0 });
  });

  it('gives undefined for text without a version', () => {
    expect(parseSemver('')).toBeUndefined();
    expect(parseSemver('kind version unknown')).toBeUndefined();
    expect(parseSemver('go1.24')).toBeUndefined();
  });

  it.each([
    [KIND_0_20, MIN_KIND_VERSION, false],
    [KIND_0_31, MIN_KIND_VERSION, false],
    [KIND_0_32, MIN_KIND_VERSION, true],
    [KIND_0_17, MIN_KIND_VERSION, false],
    ['kind v0.19.9 go1.20.4 linux/amd64', MIN_KIND_VERSION, false],
    [HELM_3_18, MIN_HELM_VERSION, true],
    [HELM_3_12, MIN_HELM_VERSION, true],
    [HELM_4, MIN_HELM_VERSION, true],
    [HELM_3_11, MIN_HELM_VERSION, false],
    ['v2.17.0+ga690bad', MIN_HELM_VERSION, false],
    ['3.12.0', '3.12.0', true],
    ['3.9.0', '3.12.0', false],
    ['1.0.0', '0.99.99', true],
  ])('atLeast(%s, %s) is %s', (found, minimum, expected) => {
    expect(atLeast(found, minimum)).toBe(expected);
    expect(atLeast(parseSemver(found)!, minimum)).toBe(expected);
  });

  it('rejects a non-version in atLeast', () => {
    expect(() => atLeast('latest', '1.0.0')).toThrow('not a version: "latest"');
  });
});

describe('/proc parsing', () => {
  it('reads integer sysctl files', () => {
    expect(parseProcInteger('8192\n')).toBe(8192);
    expect(parseProcInteger('524288')).toBe(524288);
    expect(parseProcInteger('')).toBeUndefined();
    expect(parseProcInteger('12 34')).toBeUndefined();
  });

  it('reads MemAvailable in bytes', () => {
    expect(parseMemAvailable('MemTotal: 100 kB\nMemAvailable:    6291456 kB\n')).toBe(6 * GiB);
    expect(parseMemAvailable('MemTotal: 100 kB\nMemFree: 50 kB\n')).toBeUndefined();
  });
});

describe('the docker image store check', () => {
  it('accepts the classic store at any API, and the containerd store from API 1.48 (docker save --platform)', async () => {
    for (const docker of [{ [DOCKER_INFO]: CLASSIC_STORE, [DOCKER_API]: '1.41\n' }, { [DOCKER_INFO]: CONTAINERD_STORE, [DOCKER_API]: '1.48\n' }]) {
      const run = fakeRun({ 'kind version': KIND_0_32, 'helm version --short': HELM_3_18, ...docker });
      expect(await checkKindPrerequisites({ nodeCount: 2, run, readFile: goodFiles(2), docker: dockerOk })).toEqual([]);
    }
  });

  it('refuses the containerd store on an engine that cannot save one platform, saying what to do', async () => {
    const run = fakeRun({ 'kind version': KIND_0_32, 'helm version --short': HELM_3_18, [DOCKER_INFO]: CONTAINERD_STORE, [DOCKER_API]: '1.47\n' });
    const [problem] = await checkKindPrerequisites({ nodeCount: 2, run, readFile: goodFiles(2), docker: dockerOk });
    expect(problem?.check).toBe('image-store');
    expect(problem?.problem).toContain('Docker uses the containerd image store but its API is 1.47');
    expect(problem?.fix).toContain('"containerd-snapshotter": false');
  });
});

describe('checkKindPrerequisites with injected sources', () => {
  it('finds no problem on a ready host', async () => {
    const run = goodRun();
    expect(await checkKindPrerequisites({ nodeCount: 4, run, readFile: goodFiles(4), docker: dockerOk })).toEqual([]);
    expect(run.calls.sort()).toEqual([DOCKER_INFO, DOCKER_API, 'helm version --short', 'kind version'].sort());
    await expect(assertKindPrerequisites({ nodeCount: 4, run, readFile: goodFiles(4), docker: dockerOk })).resolves.toBeUndefined();
  });

  it('accepts the minimum versions exactly and helm 4', async () => {
    for (const helm of [HELM_3_12, HELM_4]) {
      const run = fakeRun({ 'kind version': KIND_0_32, 'helm version --short': helm, ...goodDocker });
      expect(await checkKindPrerequisites({ nodeCount: 2, run, readFile: goodFiles(2), docker: dockerOk })).toEqual([]);
    }
  });

  it('lists all five problems at once, each with the value found and the fix', async () => {
    const run = fakeRun({ 'kind version': KIND_0_17, 'helm version --short': HELM_3_11 });
    const readFile = fakeFiles({
      '/proc/sys/fs/inotify/max_user_watches': '8192\n',
      '/proc/sys/fs/inotify/max_user_instances': '128\n',
      '/proc/meminfo': meminfo(3 * GiB),
    });
    const docker = async (): Promise<string> => {
      throw new Error('Docker is not reachable: host: `docker version --format x` expected exit code 0, got exit code 1:\nCannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\nStart the Docker engine (systemctl start docker, or dockerd &) or point DOCKER_HOST at one, then retry.');
    };
    const problems = await checkKindPrerequisites({ nodeCount: 4, run, readFile, docker });
    expect(problems.map((p) => p.check)).toEqual(['docker', 'kind', 'helm', 'inotify', 'memory']);
    const [dockerProblem, kind, helm, inotify, memory] = problems;

    expect(dockerProblem!.problem).toBe('Docker is not reachable: host: `docker version --format x` expected exit code 0, got exit code 1: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
    expect(dockerProblem!.problem).not.toContain('Start the Docker engine');
    expect(dockerProblem!.fix).toBe('start the Docker engine (systemctl start docker, or dockerd &) or point DOCKER_HOST at one, then retry');

    expect(kind!.problem).toBe(`kind v0.17.0 is too old: need at least v0.32.0 (\`kind version\` printed "${KIND_0_17}")`);
    expect(kind!.fix).toContain('go install sigs.k8s.io/kind@v0.32.0');
    expect(kind!.fix).toContain('https://kind.sigs.k8s.io/dl/v0.32.0/kind-linux-amd64');

    expect(helm!.problem).toBe(`helm v3.11.3 is too old: need at least v3.12.0 (\`helm version --short\` printed "${HELM_3_11}")`);
    expect(helm!.fix).toContain('get-helm-3');

    expect(inotify!.problem).toBe('inotify limits too low for many kind nodes: fs.inotify.max_user_watches is 8192 (need >= 524288), fs.inotify.max_user_instances is 128 (need >= 512)');
    expect(inotify!.fix).toBe(INOTIFY_FIX);
    expect(inotify!.fix).toContain('sudo sysctl -w fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512');

    expect(memory!.problem).toBe('not enough free memory for 4 kind nodes with Cilium: need 6.0 GiB (1.5 GiB per node), MemAvailable is 3.0 GiB');
    expect(memory!.fix).toContain('1.5 GiB');

    const thrown = await assertKindPrerequisites({ nodeCount: 4, run, readFile, docker }).then(() => undefined, (error: Error) => error);
    expect(thrown).toBeInstanceOf(Error);
    const lines = thrown!.message.split('\n');
    expect(lines[0]).toBe('the kind provider cannot run on this host (5 problems):');
    for (const p of problems) expect(thrown!.message).toContain(`- ${p.check}: ${p.problem}\n  fix: ${p.fix}`);
  });

  it('says "kind is not on PATH" when spawning kind fails with ENOENT', async () => {
    const run = fakeRun({ 'helm version --short': HELM_3_18 });
    const problems = await checkKindPrerequisites({ nodeCount: 2, run, readFile: goodFiles(2), docker: dockerOk });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ check: 'kind', problem: 'kind is not on PATH' });
    expect(problems[0]!.fix).toMatch(/^install kind v0\.32\.0 \(at least v0\.32\.0\): `go install sigs\.k8s\.io\/kind@v0\.32\.0`, or the release binary/);
  });

  it('says "helm is not on PATH" and "docker is not on PATH" for missing tools', async () => {
    const run = fakeRun({ 'kind version': KIND_0_32 });
    const docker = async (): Promise<string> => { throw Object.assign(new Error('spawn docker ENOENT'), { code: 'ENOENT' }); };
    const problems = await checkKindPrerequisites({ nodeCount: 2, run, readFile: goodFiles(2), docker });
    expect(problems).toEqual([
      { check: 'docker', problem: 'docker is not on PATH', fix: 'install Docker (Debian: apt-get install docker.io) and retry' },
      expect.objectContaining({ check: 'helm', problem: 'helm is not on PATH', fix: expect.stringContaining('https://github.com/helm/helm/releases') }),
    ]);
  });

  it('reports a tool that runs but fails, and one whose output has no version', async () => {
    const run: CommandRunner = async (argv) => {
      if (argv[0] === 'kind') throw new Error('host: `kind version` expected exit code 0, got exit code 126:\npermission denied');
      return { stdout: 'Error: unknown flag: --short' };
    };
    const problems = await checkKindPrerequisites({ nodeCount: 2, run, readFile: goodFiles(2), docker: dockerOk });
    expect(problems.map((p) => [p.check, p.problem])).toEqual([
      ['kind', '`kind version` failed: host: `kind version` expected exit code 0, got exit code 126: permission denied'],
      ['helm', 'could not read a version from `helm version --short` output "Error: unknown flag: --short"'],
    ]);
  });

  it('reports only the inotify limit that is too low, and unreadable /proc files', async () => {
    const oneLow = fakeFiles({
      '/proc/sys/fs/inotify/max_user_watches': '1048576\n',
      '/proc/sys/fs/inotify/max_user_instances': '128\n',
      '/proc/meminfo': meminfo(64 * GiB),
    });
    expect(await checkKindPrerequisites({ nodeCount: 4, run: goodRun(), readFile: oneLow, docker: dockerOk })).toEqual([
      { check: 'inotify', problem: 'inotify limits too low for many kind nodes: fs.inotify.max_user_instances is 128 (need >= 512)', fix: INOTIFY_FIX },
    ]);

    const problems = await checkKindPrerequisites({ nodeCount: 4, run: goodRun(), readFile: fakeFiles({}), docker: dockerOk });
    expect(problems.map((p) => p.check)).toEqual(['inotify', 'memory']);
    expect(problems[0]!.problem).toContain("fs.inotify.max_user_watches is unreadable (ENOENT: no such file or directory, open '/proc/sys/fs/inotify/max_user_watches')");
    expect(problems[1]!.problem).toBe("could not read /proc/meminfo: ENOENT: no such file or directory, open '/proc/meminfo'");
  });

  it('sizes the memory check by the node count', async () => {
    const readFile = fakeFiles({
      '/proc/sys/fs/inotify/max_user_watches': '524288',
      '/proc/sys/fs/inotify/max_user_instances': '512',
      '/proc/meminfo': meminfo(5 * GiB),
    });
    expect(await checkKindPrerequisites({ nodeCount: 3, run: goodRun(), readFile, docker: dockerOk })).toEqual([]);
    const [problem] = await checkKindPrerequisites({ nodeCount: 4, run: goodRun(), readFile, docker: dockerOk });
    expect(problem!.problem).toBe(`not enough free memory for 4 kind nodes with Cilium: need 6.0 GiB (1.5 GiB per node), MemAvailable is ${formatGiB(5 * GiB)}`);
  });

  it('rejects a node count that is not a positive integer', async () => {
    await expect(checkKindPrerequisites({ nodeCount: 0, run: goodRun(), readFile: goodFiles(1), docker: dockerOk })).rejects.toThrow('nodeCount must be a positive integer, got 0');
  });
});

describe('checkKindPrerequisites through real processes (fake kind and helm on PATH)', () => {
  let dir: string;

  /** Writes an executable shell script that prints `output` when called with exactly `expectedArgs`. */
  async function fakeTool(subdir: string, name: string, expectedArgs: string, output: string, exitCode = 0): Promise<void> {
    const script = [
      '#!/bin/sh',
      `if [ "$*" != "${expectedArgs}" ]; then echo "unexpected arguments: $*" >&2; exit 64; fi`,
      `printf '%s\\n' '${output}'`,
      `exit ${exitCode}`,
      '',
    ].join('\n');
    const path = join(dir, subdir, name);
    await writeFile(path, script);
    await chmod(path, 0o755);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kind-prereq-'));
    for (const sub of ['good', 'old', 'broken', 'empty']) await mkdir(join(dir, sub));
    await fakeTool('good', 'kind', 'version', KIND_0_32);
    await fakeTool('good', 'helm', 'version --short', HELM_3_18);
    await fakeTool('old', 'kind', 'version', KIND_0_17);
    await fakeTool('old', 'helm', 'version --short', HELM_3_11);
    await fakeTool('broken', 'kind', 'version', 'boom', 3);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const pathWith = (sub: string) => ({ PATH: [join(dir, sub), process.env.PATH ?? ''].join(delimiter) });

  it('reads the versions through runHost from the fake executables', async () => {
    const pathBefore = process.env.PATH;
    const run = hostRunner({ env: pathWith('good') });
    expect((await run(['kind', 'version'])).stdout).toBe(KIND_0_32);
    expect((await run(['helm', 'version', '--short'])).stdout).toBe(HELM_3_18);
    expect(await checkKindPrerequisites({ nodeCount: 2, run, readFile: goodFiles(2), docker: dockerOk })).toEqual([]);
    expect(process.env.PATH).toBe(pathBefore);
  });

  it('reports too-old versions read from the fake executables', async () => {
    const run = hostRunner({ env: pathWith('old') });
    const problems = await checkKindPrerequisites({ nodeCount: 2, run, readFile: goodFiles(2), docker: dockerOk });
    expect(problems.map((p) => p.problem)).toEqual([
      `kind v0.17.0 is too old: need at least v0.32.0 (\`kind version\` printed "${KIND_0_17}")`,
      `helm v3.11.3 is too old: need at least v3.12.0 (\`helm version --short\` printed "${HELM_3_11}")`,
    ]);
  });

  it('says "kind is not on PATH" when no kind executable is on the PATH', async () => {
    const run = hostRunner({ env: { PATH: join(dir, 'empty') } });
    await expect(run(['kind', 'version'])).rejects.toMatchObject({ code: 'ENOENT' });
    const problems = await checkKindPrerequisites({ nodeCount: 2, run, readFile: goodFiles(2), docker: dockerOk });
    expect(problems.map((p) => p.problem)).toEqual(['kind is not on PATH', 'helm is not on PATH']);
  });

  it('reports a kind that exits non-zero with its exit code', async () => {
    const run = hostRunner({ env: { PATH: [join(dir, 'broken'), join(dir, 'good')].join(delimiter) } });
    const problems = await checkKindPrerequisites({ nodeCount: 2, run, readFile: goodFiles(2), docker: dockerOk });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.problem).toBe('`kind version` failed: host: `kind version` expected exit code 0, got exit code 3: boom');
  });
});
