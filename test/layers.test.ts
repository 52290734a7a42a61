import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's picture of the tree is the rule: its `page:` and `server:` lines list each program's
 * layers, lowest first, and `shared:` what both may import. A module imports from its own layer, a
 * lower one of its own program, or `shared`; `shared` imports only itself; and no module reaches
 * itself again through its imports, static or lazy.
 */
const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');

type Program = 'page' | 'server' | 'shared';
interface Layer {
  program: Program;
  rank: number;
  /** A folder (`server/store`) or a file (`main.tsx`), relative to src. */
  path: string;
}

function picture(): Layer[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const lines = [...readme.matchAll(/^(page|server|shared): +(.+)$/gm)];
  return lines.flatMap(([, program, chain]) =>
    (chain as string).split(' → ').flatMap((step, rank) =>
      step
        .trim()
        .split(/\s+/)
        .map((path) => ({ program: program as Program, rank, path: path.replace(/\/$/, '') })),
    ),
  );
}

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(folder, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(folder, entry.name)] : [],
  );
}

/** The module a specifier names: `'../i18n'` is the folder's index. */
function moduleAt(target: string): string {
  for (const candidate of [target, `${target}.ts`, `${target}.tsx`, join(target, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return target;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/\bfrom\s+'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)|^import\s+'(\.[^']+)'/gm)];
  return found.map((m) => moduleAt(resolve(dirname(file), m[1] ?? m[2] ?? m[3] ?? '')));
}

describe('the source tree', () => {
  const layers = picture();
  const modules = files(src);
  /** The layer of the longest path in the picture that holds the file. */
  const layerOf = (file: string): Layer | undefined => {
    const path = relative(src, file);
    return layers.filter((layer) => path === layer.path || path.startsWith(`${layer.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
  };
  const edges = modules.flatMap((file) => imports(file).map((target) => ({ file, target })));
  const name = ({ file, target }: { file: string; target: string }) => `${relative(src, file)} → ${relative(src, target)}`;

  it("is drawn in the README: three programs' lines, each naming folders and files that exist", () => {
    expect(new Set(layers.map((layer) => layer.program))).toEqual(new Set(['page', 'server', 'shared']));
    expect(layers.filter((layer) => !existsSync(join(src, layer.path))).map((layer) => layer.path)).toEqual([]);
  });

  it('places every module in a layer of the picture', () => {
    expect(modules.filter((file) => !layerOf(file)).map((file) => relative(src, file))).toEqual([]);
  });

  it('keeps the programs apart: the page never imports the server, the server never the page, shared neither', () => {
    const crossing = edges.filter((edge) => {
      const from = layerOf(edge.file)?.program;
      const to = layerOf(edge.target)?.program;
      return to !== 'shared' && from !== to;
    });
    expect(crossing.map(name)).toEqual([]);
  });

  it('imports only from its own layer or a lower one', () => {
    const upward = edges.filter((edge) => {
      const from = layerOf(edge.file);
      const to = layerOf(edge.target);
      return from && to && from.program === to.program && to.rank > from.rank;
    });
    expect(upward.map(name)).toEqual([]);
  });

  it('has no circles: no module reaches itself through its imports, static or lazy', () => {
    const next = new Map<string, string[]>();
    for (const { file, target } of edges) next.set(file, [...(next.get(file) ?? []), target]);
    const circles: string[] = [];
    const done = new Set<string>();
    const walk = (file: string, path: string[]) => {
      if (path.includes(file)) {
        circles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(src, f)).join(' → '));
        return;
      }
      if (done.has(file)) return;
      for (const target of next.get(file) ?? []) walk(target, [...path, file]);
      done.add(file);
    };
    for (const file of modules) walk(file, []);
    expect(circles).toEqual([]);
  });
});
