// @ts-check
/**
 * Debian's Chromium as the browser suite, `npm run bench` and `npm run lighthouse` launch it (plain
 * JavaScript, so the scripts can import it on Node 20).
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, and quiet: no background downloads, updates or first-run work that would skew a run. */
export const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Storage partitioned per top-level site, as Chrome ships it (no third-party cookie phase-out trial). */
export const PARTITIONED_FLAGS = [...FLAGS, '--disable-features=TrackingProtection3pcd'];

/** Storage denied to a cross-site frame, as with third-party cookies blocked. */
export const DENIED_FLAGS = [...FLAGS, '--disable-features=ThirdPartyStoragePartitioning'];
