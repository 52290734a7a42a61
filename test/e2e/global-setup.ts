/** Builds dist/ once for the browser suite (it drives the built site, as a CDN serves it) and checks for Chromium. */
import { build } from 'vite';
import { assertChromium } from './browser';

export default async function setup(): Promise<void> {
  assertChromium();
  if (process.env.E2E_SKIP_BUILD !== '1') await build({ root: process.cwd(), logLevel: 'warn' });
}
