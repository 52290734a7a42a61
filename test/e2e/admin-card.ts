/**
 * A team admin's card at 320 × 640 beside a long conversation, and the admin's session on the app
 * server, taken from the card's own requests: what the card's layout tests set connections up with.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { openHost, type World } from './world';

export const ADMIN = { username: 'team-admin', userKey: 'A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1', roles: [{ id: 1, name: 'Admin' }] };
/** The card's address in the host page: conversation c1, in a frame of 320 × 640. */
export const NARROW_CARD = '?page=card&conversationId=c1&width=320&height=640';

/** What agents and customers write, one and two lines long at 320 px. */
const LINES = [
  'Hi, my parcel 4471 has not arrived yet.',
  'Let me check that for you.',
  'It is at the local depot and will be delivered tomorrow before noon.',
  'Can I pick it up myself instead?',
  'Yes: bring an ID to the depot at Main Street 12, open 8:00 to 18:00.',
];

/** `n` messages, customer and agent in turn, each numbered (`#1 `…) so a test can wait for the newest. */
export const conversation = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ direction: i % 2 ? 'OUTBOUND' : 'INBOUND', content: { text: `#${i + 1} ${LINES[i % LINES.length]}` } }));

/** Opens the admin's card in `page` and answers the session credential the card sends the app server. */
export async function adminSession(page: Page, w: World): Promise<string> {
  w.sandbox.behave({ portal: '403', user: { ...ADMIN } });
  let bearer: string | undefined;
  page.on('request', (request) => {
    const found = /^Bearer (.+)$/.exec(request.headers().authorization ?? '');
    if (found && request.url().startsWith(w.appServer?.url ?? '-')) bearer = found[1];
  });
  await openHost(page, w, NARROW_CARD);
  await expect.poll(() => bearer, { timeout: 30_000 }).toBeDefined();
  return bearer as string;
}

/** A PUT to the app server as the settings page sends it; anything but a 2xx fails the test with the server's words. */
export async function putAsAdmin(w: World, bearer: string, path: string, body: unknown): Promise<void> {
  const answer = await fetch(`${w.appServer?.url}${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(answer.status, `${path}: ${await answer.clone().text()}`).toBeLessThan(300);
}

/** The connections the layout tests save, by id: Mico, Fujitsu by OAuth, and Fujitsu by its API keys, all at the sandbox. */
export function connectionDrafts(w: World) {
  const sandbox = w.sandbox.url;
  return {
    mico: { kind: 'mico', name: 'Mico Voice AI', baseUrl: `${sandbox}/mico`, clientId: w.mico.clientId, clientSecret: w.mico.clientSecret },
    fujitsu: {
      kind: 'fujitsu-oauth',
      name: 'Fujitsu AI platform',
      baseUrl: `${sandbox}/fujitsu`,
      clientId: w.fujitsu.clientId,
      clientSecret: w.fujitsu.clientSecret,
    },
    'fujitsu-keys': {
      kind: 'fujitsu-api-key',
      name: 'Fujitsu keys',
      baseUrl: `${sandbox}/fujitsu`,
      primaryKey: w.fujitsu.primaryKey,
      secondaryKey: w.fujitsu.secondaryKey,
    },
  };
}
