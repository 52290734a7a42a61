import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const page = (name: string) => resolve(import.meta.dirname, `${name}.html`);

export default defineConfig({
  // Relative asset URLs: the site must work from any sub-path of a plain static server (CONTRACT §1).
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { index: page('index'), card: page('card'), settings: page('settings'), callback: page('callback') },
    },
  },
});
