import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { writeHeaders } from './scripts/headers.mjs';

const root = import.meta.dirname;
const page = (name: string) => resolve(root, `${name}.html`);
const entry = resolve(root, 'src/main.tsx');

type Graph = { getModuleInfo(id: string): { importedIds: readonly string[] } | null };

/** Every module a page needs before its first screen: what main.tsx imports statically, transitively. */
function startupModules(graph: Graph): Set<string> {
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const next of graph.getModuleInfo(id)?.importedIds ?? []) visit(next);
  };
  visit(entry);
  return seen;
}

let startup: Set<string> | undefined;

const PRELOAD_HELPER = '\0vite/preload-helper.js';

/**
 * Vite wraps every dynamic import in a preload helper even with modulePreload off (vitejs/vite#18551);
 * with no preloads and no CSS in lazy chunks it has nothing to do, yet costs every card load 0.6 KB.
 * This supplies the no-op it reduces to, and fails the build if a lazy chunk ever brings CSS of its own.
 */
function noPreloadHelper(): Plugin {
  return {
    name: 'exchange-card:no-preload-helper',
    enforce: 'pre',
    resolveId: (id) => (id === PRELOAD_HELPER ? id : undefined),
    load: (id) => (id === PRELOAD_HELPER ? 'export const __vitePreload = (load) => load();' : undefined),
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        const lazy = chunk.type === 'chunk' && !chunk.isEntry && chunk.name !== 'app';
        if (lazy && chunk.viteMetadata?.importedCss.size) {
          this.error(`${chunk.fileName} imports CSS: import styles from src/main.tsx, or drop noPreloadHelper().`);
        }
      }
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
  // Relative asset URLs: the site must work from any sub-path of a plain static server (CONTRACT §1).
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [noPreloadHelper(), securityHeaders(), connectionsGuide()],
  build: {
    target: 'es2022',
    // The lazy chunks are small and load on demand; preloading them would cost every card load.
    modulePreload: false,
    rolldownOptions: {
      input: { index: page('index'), card: page('card'), settings: page('settings'), callback: page('callback') },
      output: {
        // One start-up chunk, so a card load is one script; code needed only for sign-in, refresh,
        // settings or Japanese stays in chunks of its own.
        codeSplitting: {
          // biome-ignore lint/suspicious/noAssignInExpressions: the graph is walked once, on first use
          groups: [{ debugName: 'startup', name: (id, graph) => ((startup ??= startupModules(graph)).has(id) ? 'app' : null) }],
        },
      },
    },
  },
});
