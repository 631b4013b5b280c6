// The lab's images, built from images/<name> and tagged by a hash of their
// inputs (build context, base image id, build args): built once, then reused
// until a Dockerfile or script changes.
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { runHost } from '../exec/host.ts';
import { runtime } from './runtime.ts';
import { IMAGE_NAMES, type ImageName, type LabImages } from '../model/state.ts';


export const IMAGES_DIR = 'images';
export const IMAGE_REPOSITORY_PREFIX = 'anycast-lab';

/** The one pinned base every lab image is built FROM (LAB_BASE_IMAGE overrides, e.g. debian:bookworm-slim for FRR 8.4). */
export function baseImage(): string {
  return process.env['LAB_BASE_IMAGE'] ?? 'debian:trixie-slim';
}

async function contextHash(dir: string, extra: string): Promise<string> {
  const hash = createHash('sha256').update(extra);
  for (const name of (await readdir(dir)).sort()) {
    hash.update(name).update('\0').update(await readFile(join(dir, name))).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/** The image's id, or undefined when Docker has none of that name. Through the API: every lab start asks, and a docker process each time costs CPU the labs already up need. */
async function imageId(ref: string): Promise<string | undefined> {
  try {
    return ((await (await runtime()).container.dockerode.getImage(ref).inspect()) as { Id: string }).Id;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw new Error(`docker image inspect ${ref}: ${(error as Error).message}`, { cause: error });
  }
}

/** Makes the base image when it is missing (pull, or debootstrap where no registry answers). */
export async function ensureBaseImage(log: (line: string) => void = () => {}): Promise<string> {
  const base = baseImage();
  const id = await imageId(base);
  if (id) return id;
  log(`base image ${base} is missing: running images/base/make-base-image.sh`);
  await runHost(['bash', join(IMAGES_DIR, 'base', 'make-base-image.sh')], { env: { LAB_BASE_IMAGE: base }, timeoutMs: 15 * 60_000 });
  const made = await imageId(base);
  if (!made) throw new Error(`images/base/make-base-image.sh finished but ${base} is still missing`);
  return made;
}

/** The oldest Node that runs the client's probe (undici 8). */
const PROBE_MIN_NODE = [22, 19];

/**
 * Files an image needs from outside its folder. The client gets this process's
 * own Node binary (Node 24 from the node@24 package) and undici, for its probe;
 * they enter the hash by version, not by their bytes.
 */
function extraInputs(name: ImageName): { files: { from: string; to: string }[]; key: string } {
  if (name !== 'client') return { files: [], key: '' };
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < PROBE_MIN_NODE[0]! || (major === PROBE_MIN_NODE[0] && minor < PROBE_MIN_NODE[1]!)) {
    throw new Error(`the client's probe needs Node >= ${PROBE_MIN_NODE.join('.')}, this is ${process.version}: run through npm (npm test, npm run lab) so node_modules/.bin/node (Node 24) is used`);
  }
  const require = createRequire(import.meta.url);
  const undiciDir = join(require.resolve('undici/package.json'), '..');
  const undiciVersion = (require('undici/package.json') as { version: string }).version;
  return {
    files: [{ from: process.execPath, to: 'node' }, { from: undiciDir, to: 'undici' }],
    key: `node ${process.version} undici ${undiciVersion}`,
  };
}

export async function ensureLabImage(name: ImageName, baseId: string, log: (line: string) => void = () => {}): Promise<string> {
  const dir = join(IMAGES_DIR, name);
  const extra = extraInputs(name);
  const tag = `${IMAGE_REPOSITORY_PREFIX}/${name}:${await contextHash(dir, `${baseImage()}@${baseId} ${extra.key}`)}`;
  if (await imageId(tag)) return tag;
  let context = dir;
  if (extra.files.length > 0) {
    // A folder of its own per build: labs of one run, or two runs, may build the same image at once.
    await mkdir(join('.lab', 'build'), { recursive: true });
    context = await mkdtemp(join('.lab', 'build', `${name}-`));
    await cp(dir, context, { recursive: true });
    for (const { from, to } of extra.files) await cp(from, join(context, to), { recursive: true, dereference: true });
  }
  log(`building ${tag} from ${dir}`);
  try {
    await runHost(['docker', 'build', '--build-arg', `BASE_IMAGE=${baseImage()}`, '--label', `${IMAGE_REPOSITORY_PREFIX}.image=${name}`, '-t', tag, context], {
      timeoutMs: 15 * 60_000,
    });
  } finally {
    if (context !== dir) await rm(context, { recursive: true, force: true });
  }
  return tag;
}

export async function ensureLabImages(log: (line: string) => void = () => {}, names: readonly ImageName[] = IMAGE_NAMES): Promise<LabImages> {
  const baseId = await ensureBaseImage(log);
  const wanted = [...new Set<ImageName>(['router', 'client', ...names])];
  const tags = await Promise.all(wanted.map((n) => ensureLabImage(n, baseId, log)));
  return Object.fromEntries(wanted.map((n, i) => [n, tags[i]!])) as LabImages;
}
