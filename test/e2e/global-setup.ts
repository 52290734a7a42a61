/** Builds dist/ and dist-server/ once for the browser suite (it drives the built site, as a CDN serves it, and the built server) and checks for Chromium. */
import { build } from 'vite';
import { buildServer } from '../../scripts/build-server.mjs';
import { assertChromium } from './browser';

export default async function setup(): Promise<void> {
  assertChromium();
  if (process.env.E2E_SKIP_BUILD !== '1') {
    await build({ root: process.cwd(), logLevel: 'warn' });
    await buildServer();
  }
}
