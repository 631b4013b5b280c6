// The shape of the framework, enforced: every import points down the layers,
// providers and router kinds keep their knowledge in their own folders, and
// scenarios see only the lab's interfaces. A new folder must be given a layer here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Bottom to top; a file may import its own folder or a folder of a lower layer. */
const LAYERS: Readonly<Record<string, number>> = {
  net: 0, exec: 0, // pure helpers: addresses, running host commands
  bgp: 1, cilium: 1, // read model and parsers; Cilium resource semantics
  model: 2, // the lab as data: spec, validation, the resolved model, state, budgets, expectations
  docker: 3, k8s: 3, // drivers
  routers: 4, providers: 4, // router kinds and cluster providers, each behind one interface
  measure: 5, // probe in the client, disruption figures: interfaces only
  report: 6, // results, summary, pictures, compare
  lab: 7, // the lifecycle and the one owner of live state
  cli: 8, // entry points
};
/** The only files that may name a provider's or router kind's own folder from outside it. */
const REGISTRIES = ['providers/registry.ts', 'routers/registry.ts'];

const ROOT = resolve('.');
const HELPERS = join(ROOT, 'helpers');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative import specifiers of a file: static, re-exports, dynamic, and type-only alike. */
export function importsOf(text: string): string[] {
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?(?:from\s*)?['"](\.{1,2}\/[^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)];
  return found.map((m) => m[1]!);
}

interface Edge { readonly from: string; readonly to: string }

function edges(files: readonly string[]): Edge[] {
  return files.flatMap((file) => importsOf(readFileSync(file, 'utf8')).map((spec) => ({
    from: relative(ROOT, file).split(sep).join('/'),
    to: relative(ROOT, resolve(dirname(file), spec)).split(sep).join('/'),
  })));
}

/** helpers/<folder>/... -> folder, and for providers/routers the kind's own folder too. */
function place(path: string): { folder?: string; kind?: string } {
  const [top, folder, kind, ...rest] = path.split('/');
  if (top !== 'helpers' || !folder) return {};
  return { folder, ...((folder === 'providers' || folder === 'routers') && rest.length > 0 ? { kind: `${folder}/${kind}` } : {}) };
}

const helperEdges = edges(sources(HELPERS));

describe('the layers of helpers/', () => {
  it('every folder has a layer', () => {
    const folders = readdirSync(HELPERS).filter((n) => statSync(join(HELPERS, n)).isDirectory());
    expect(folders.filter((f) => LAYERS[f] === undefined), 'folders without a layer in layers.test.ts').toEqual([]);
  });

  it('no import runs up (or sideways into another folder of the same layer)', () => {
    const upward = helperEdges.filter(({ from, to }) => {
      const a = place(from).folder;
      const b = place(to).folder;
      if (!a || !b || a === b || from.endsWith('.test.ts')) return false;
      return LAYERS[b]! >= LAYERS[a]!;
    });
    expect(upward.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it("a provider's or router kind's folder is named only by its registry (and its own files)", () => {
    const leaks = helperEdges.filter(({ from, to }) => {
      const target = place(to).kind;
      // Tests may build their inputs with another folder's parsers of recorded outputs.
      if (!target || place(from).kind === target || from.endsWith('.test.ts')) return false;
      return !REGISTRIES.some((r) => from === `helpers/${r}`);
    });
    expect(leaks.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('no import cycle among the framework files (a cycle is a folder that should be split)', () => {
    expect(importCycles(helperEdges.filter((e) => !e.from.endsWith('.test.ts')))).toEqual([]);
  });

  it('the data model is the floor named model/, not spec/ (tools read "spec" as "test file")', () => {
    expect(LAYERS['model']).toBe(2);
    expect(LAYERS['spec']).toBeUndefined();
  });
});

describe('the entry points', () => {
  it('scenarios reach providers and router kinds only through the lab', () => {
    const scenarioEdges = edges(sources(join(ROOT, 'scenarios')));
    const direct = scenarioEdges.filter(({ to }) => /^helpers\/(providers|routers)\//.test(to));
    expect(direct.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });
});

/** Each cycle once, as the files on it in order, starting from its smallest name. */
export function importCycles(graph: readonly Edge[]): string[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of graph) next.set(from, [...(next.get(from) ?? []), to]);
  const cycles = new Set<string>();
  const walk = (file: string, path: string[]) => {
    for (const to of next.get(file) ?? []) {
      const at = path.indexOf(to);
      if (at >= 0) {
        const loop = path.slice(at);
        const first = loop.indexOf([...loop].sort()[0]!);
        cycles.add([...loop.slice(first), ...loop.slice(0, first)].join(' -> '));
      } else if (path.length < 50) walk(to, [...path, to]);
    }
  };
  for (const file of next.keys()) walk(file, [file]);
  return [...cycles].sort();
}

describe('importCycles', () => {
  it('finds a two-file circle and a longer one, once each, and nothing in a tree', () => {
    const e = (from: string, to: string) => ({ from, to });
    expect(importCycles([e('b', 'a'), e('a', 'b'), e('c', 'd'), e('d', 'e'), e('e', 'c'), e('x', 'y'), e('y', 'z')])).toEqual(['a -> b', 'c -> d -> e']);
  });
});

describe('importsOf', () => {
  it('finds static, type-only, re-exported, multi-line and dynamic imports, and nothing else', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b/b.ts';",
      "export { c } from './c.ts';",
      'import {\n  d,\n  e,\n} from "./d.ts";',
      "const f = await import('../f.ts');",
      "import { readFile } from 'node:fs/promises';",
      "const text = 'import x from \"./not-code.ts\"';",
    ].join('\n');
    expect(importsOf(text)).toEqual(['./a.ts', '../b/b.ts', './c.ts', './d.ts', '../f.ts']);
  });
});
