import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers the README draws, lowest first: a module imports only from its own folder or a lower layer.
 * `auth` and `connections` sit side by side and never import each other.
 */
const LAYERS: Record<string, number> = {
  config: 0,
  storage: 1,
  api: 2,
  auth: 3,
  connections: 3,
  i18n: 4,
  // The screens: src/ui and the connections' own screens, which use ui's components and appear in its pages.
  ui: 5,
  // The app server (Node only) sits beside the screens: it runs the same sign-in methods, never the UI.
  server: 5,
  '.': 6,
};

const src = resolve(import.meta.dirname, '../src');

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(folder, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(folder, entry.name)] : [],
  );
}

function layerOf(file: string): string {
  // `'../i18n'` names a folder's index.
  const folder = relative(src, existsSync(file) && statSync(file).isDirectory() ? join(file, 'index.ts') : file).replace(/\/[^/]*$|^[^/]*$/, '') || '.';
  return folder.startsWith('connections/ui') ? 'ui' : (folder.split('/')[0] ?? '.');
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/\bfrom\s+'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)|^import\s+'(\.[^']+)'/gm)];
  return found.map((m) => resolve(dirname(file), m[1] ?? m[2] ?? m[3] ?? ''));
}

describe('the source tree', () => {
  const modules = files(src);

  it('has a layer for every folder', () => {
    expect(modules.map(layerOf).filter((layer) => !(layer in LAYERS))).toEqual([]);
  });

  it('imports only downwards: config → storage → api → auth | connections → i18n → ui | server → the entry points', () => {
    const upward = modules.flatMap((file) =>
      imports(file)
        .filter((target) => {
          const from = layerOf(file);
          const to = layerOf(target);
          return from !== to && (LAYERS[to] as number) >= (LAYERS[from] as number);
        })
        .map((target) => `${relative(src, file)} → ${relative(src, target)}`),
    );
    expect(upward).toEqual([]);
  });
});
