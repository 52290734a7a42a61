/** The settings page as an admin drives it in the browser tests: opened in the host, its connections, their secrets. */
import type { Frame, Locator, Page } from 'playwright-core';
import { openHost, type World } from './world';

/** Every secret of the stand-ins: none may pass through an agent's browser. */
export const secrets = (w: World) => [w.mico.clientSecret, w.fujitsu.clientSecret, w.fujitsu.primaryKey, w.fujitsu.secondaryKey];

/** The connection named `name` in the settings page's list. */
export const listed = (frame: Frame, name: string): Locator =>
  frame.getByRole('listitem').filter({ has: frame.getByRole('heading', { name, exact: true, level: 3 }) });

export async function openSettings(page: Page, w: World): Promise<Frame> {
  const frame = await openHost(page, w, '?page=settings');
  await frame.getByRole('heading', { name: 'External connections' }).waitFor({ timeout: 30_000 });
  await frame.getByText('Loading the connections…').waitFor({ state: 'hidden', timeout: 30_000 });
  return frame;
}

/** Save and test, then the list shows the connection as reachable. */
export async function saveAndTest(frame: Frame, name: string) {
  await frame.getByRole('button', { name: 'Save and test' }).click();
  await frame.getByText(`"${name}" was saved and tested.`).waitFor({ timeout: 30_000 });
  await listed(frame, name)
    .getByText(/^Last test: reachable \(\d+ ms\)\.$/)
    .waitFor();
}
