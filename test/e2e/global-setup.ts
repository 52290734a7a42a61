/**
 * Builds dist/ and dist-server/ once for the browser suite (it drives the built site, as a CDN serves it,
 * and the built server), checks for Chromium and starts the one default Chromium that every file
 * connects to (a launch per file costs seconds on a loaded machine).
 */
import { build } from 'vite';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { buildServer } from '../../scripts/build-server.mjs';
import { assertChromium, PARTITIONED } from './browser';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  assertChromium();
  if (process.env.E2E_SKIP_BUILD !== '1') {
    await build({ root: process.cwd(), logLevel: 'warn' });
    await buildServer();
  }
  const server = await chromium.launchServer(PARTITIONED);
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return () => server.close();
}
