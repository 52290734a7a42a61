import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { writeHeaders } from './scripts/headers.mjs';

const root = import.meta.dirname;
const page = (name: string) => resolve(root, `${name}.html`);

type Graph = { getModuleInfo(id: string): { importedIds: readonly string[] } | null };

/** Every module `roots` import statically, transitively. */
function closure(graph: Graph, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const next of graph.getModuleInfo(id)?.importedIds ?? []) visit(next);
  };
  roots.forEach(visit);
  return seen;
}

/**
 * The site's chunks, each one request: what every page needs before its first screen; what a sign-in
 * needs (its screen, the redirect, the callback, the token endpoint, oauth4webapi, making the sealing
 * key), so a cold sign-in is one file more; and what the card shows after its first screen (the SMS form, the connections).
 */
const CHUNKS: Record<string, string[]> = {
  // callback.html's own script, which hands the answer up before (or instead of) loading anything else.
  callback: ['src/callback-page.ts'],
  app: ['src/main.tsx'],
  'sign-in': ['src/ui/SignIn.tsx', 'src/callback.tsx', 'src/storage/seal.ts'],
  'card-more': ['src/ui/card-more.ts'],
};

let chunkOf: Map<string, string> | undefined;

/** A module's chunk: the first of CHUNKS whose roots import it; anything else gets a chunk of its own. */
function chunkName(id: string, graph: Graph): string | null {
  if (!chunkOf) {
    const found = new Map<string, string>();
    for (const [name, roots] of Object.entries(CHUNKS)) {
      for (const module of closure(
        graph,
        roots.map((path) => resolve(root, path)),
      ))
        if (!found.has(module)) found.set(module, name);
    }
    chunkOf = found;
  }
  return chunkOf.get(id) ?? null;
}

const PRELOAD_HELPER = '\0vite/preload-helper.js';
/**
 * callback-page.ts's own helper: the shared one lives in the app's chunk, which callback.html must not
 * load before it knows it needs the app. Only there does a dynamic import bring CSS (the app's, which
 * callback.html does not link: its child frame needs none), so this one links the stylesheets it is given.
 */
const CALLBACK_PAGE = resolve(root, 'src/callback-page.ts');
const CALLBACK_PRELOAD_HELPER = '\0exchange-card/callback-preload-helper.js';
const CALLBACK_PRELOAD_CODE = `export const __vitePreload = (load, deps, importerUrl) =>
  Promise.all((deps ?? []).map((dep) => new Promise((done) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL(dep, importerUrl).href;
    link.onload = link.onerror = done;
    document.head.append(link);
  }))).then(load);`;

/**
 * Vite wraps every dynamic import in a preload helper even with modulePreload off (vitejs/vite#18551);
 * with no preloads and no CSS in lazy chunks it has nothing to do, yet costs every card load 0.6 KB.
 * This supplies the no-op it reduces to. It hooks a Vite internal (the helper's module id), so the
 * build fails loudly when an upgrade changes it: the id never asked for, or the real helper bundled.
 * It also fails the build if a lazy chunk ever brings CSS of its own, or if callback.html's chunk stops
 * standing alone (in the card's child frame it is the one file loaded).
 */
function noPreloadHelper(): Plugin {
  let replaced = false;
  return {
    name: 'exchange-card:no-preload-helper',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id !== PRELOAD_HELPER) return undefined;
      return importer === CALLBACK_PAGE ? CALLBACK_PRELOAD_HELPER : id;
    },
    load(id) {
      if (id === CALLBACK_PRELOAD_HELPER) return CALLBACK_PRELOAD_CODE;
      if (id !== PRELOAD_HELPER) return undefined;
      replaced = true;
      return 'export const __vitePreload = (load) => load();';
    },
    generateBundle(_, bundle) {
      const chunks = Object.values(bundle).filter((chunk) => chunk.type === 'chunk');
      if (chunks.some((chunk) => chunk.dynamicImports.length) && !replaced) {
        this.error(`Vite no longer imports its preload helper as ${JSON.stringify(PRELOAD_HELPER)}: update or drop noPreloadHelper() in vite.config.ts.`);
      }
      if (chunks.some((chunk) => chunk.code.includes('vite:preloadError'))) {
        this.error("Vite's own preload helper is in the bundle: noPreloadHelper() in vite.config.ts no longer replaces it.");
      }
      for (const chunk of chunks) {
        if (!chunk.isEntry && chunk.name !== 'app' && chunk.viteMetadata?.importedCss.size) {
          this.error(`${chunk.fileName} imports CSS: import styles from src/page-start.tsx, or drop noPreloadHelper().`);
        }
      }
      // At this point callback.html's entry is still a facade that imports the chunk with its code.
      const callback = chunks.find((chunk) => chunk.moduleIds.includes(CALLBACK_PAGE));
      const importers = chunks.filter((chunk) => chunk.imports.includes(callback?.fileName ?? '') && chunk.facadeModuleId !== resolve(root, 'callback.html'));
      if (!callback || callback.imports.length || importers.length) {
        this.error("callback.html's chunk must import nothing and be imported by none: see CHUNKS in vite.config.ts.");
      }
    },
  };
}

const RUNTIME = '\0rolldown/runtime.js';

type ChunkGraph = Record<string, { name: string; imports: readonly string[]; moduleIds: readonly string[] }>;

/** How `importer` names `file` in an import: both are paths in dist/. */
const importPath = (importer: string, file: string) => `./${relative(dirname(importer), file)}`;

/**
 * A cold sign-in's round trip that only the build can cut, by writing a file's name into the chunk that
 * asks for it (in renderChunk, while names are still the placeholders the hashes are made from):
 * Rolldown's helper (`__exportAll`, 0.15 KB) is a chunk of its own, which a lazy chunk holding several
 * modules' exports (the sign-in chunk, card-more) imports: fetched only once that chunk has arrived, one
 * round trip later. Every dynamic import of the sign-in chunk, which a cold card waits for before its
 * first screen, asks for the helper beside it (the others' come after the first screen: not worth the
 * start-up chunk's bytes). To pay for that in the start-up chunk, the arguments of the no-op preload
 * helper are dropped: it ignores them (callback.html's helper, which links stylesheets, keeps them).
 */
function coldSignIn(): Plugin {
  return {
    name: 'exchange-card:cold-sign-in',
    renderChunk(code, chunk, _, { chunks }) {
      const graph = chunks as unknown as ChunkGraph;
      const runtime = Object.keys(graph).find((file) => graph[file]?.moduleIds.includes(RUNTIME));
      // Whether `file` imports the helper, itself or through the chunks it imports.
      const needsRuntime = (file: string): boolean => {
        const loaded = new Set([file]);
        for (const next of loaded) for (const imported of graph[next]?.imports ?? []) loaded.add(imported);
        return runtime !== undefined && loaded.has(runtime);
      };
      let out = code;
      if (runtime && !needsRuntime(chunk.fileName)) {
        for (const target of chunk.dynamicImports.filter((file) => graph[file]?.name === 'sign-in' && needsRuntime(file))) {
          const load = (file: string) => `import(${JSON.stringify(importPath(chunk.fileName, file))})`;
          if (!out.includes(load(target))) this.error(`${chunk.fileName} does not import ${target} as ${load(target)}: update coldSignIn() in vite.config.ts.`);
          // Its failure is the chunk's, and shown there.
          out = out.replaceAll(load(target), `(${load(runtime)}.catch(() => {}), ${load(target)})`);
        }
      }
      if (!chunk.moduleIds.includes(CALLBACK_PAGE)) {
        out = out.replaceAll(/, __VITE_PRELOAD__, import\.meta\.url\)/g, ')');
        if (out.includes('__VITE_PRELOAD__'))
          this.error(`${chunk.fileName} calls Vite's preload helper in an unknown form: update coldSignIn() in vite.config.ts.`);
      }
      return out === code ? null : out;
    },
  };
}

/** Every build ships the security headers its config.json calls for (`dist/_headers`). */
function securityHeaders(): Plugin {
  let outDir = '';
  return {
    name: 'exchange-card:security-headers',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: () => void writeHeaders(outDir),
  };
}

/** The connections guide ships with the site: the settings page links to it when no app server is configured. */
function connectionsGuide(): Plugin {
  return {
    name: 'exchange-card:connections-guide',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'docs/connections.md', source: readFileSync(resolve(root, 'docs/connections.md')) });
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the site must work from any sub-path of a plain static server.
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [noPreloadHelper(), coldSignIn(), securityHeaders(), connectionsGuide()],
  build: {
    target: 'es2022',
    // The lazy chunks are small and load on demand; preloading them would cost every card load.
    modulePreload: false,
    rolldownOptions: {
      // Every constant inlined where it is used: the sign-in chunk shares auth/hand-up.ts's names with
      // callback.html's chunk, which it must never import (checked in noPreloadHelper()).
      optimization: { inlineConst: { mode: 'all', pass: 1 } },
      input: { index: page('index'), card: page('card'), settings: page('settings'), callback: page('callback') },
      output: {
        // One start-up chunk, so a card load is one script; one sign-in chunk; code needed only for
        // refresh, failures, settings or Japanese stays in chunks of its own.
        codeSplitting: { groups: [{ debugName: 'site', name: chunkName }] },
      },
    },
  },
});
