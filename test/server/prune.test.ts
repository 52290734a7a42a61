/**
 * What has ended does not stay: ended sessions, their replaced credentials and past rate windows are
 * removed when the server starts and every PRUNE_EVERY_MS after, not only when someone signs in.
 */
import { expect, it } from 'vitest';
import { useServerWorld } from './support';

const w = await useServerWorld();

it('removes ended sessions, their replaced credentials and past rate windows when it starts, with no sign-in', async () => {
  const { credential } = await w.signIn();
  const refreshed = await w.refresh(credential);
  expect(refreshed.status).toBe(200);
  expect((await w.call('GET', '/me', refreshed.body.session.credential)).status).toBe(200);
  const rows = async () => ({
    sessions: (await w.server.db.all('SELECT id FROM sessions')).length,
    replaced: (await w.server.db.all('SELECT session_id FROM rotated_credentials')).length,
    windows: (await w.server.db.all('SELECT name FROM rate_windows')).length,
  });
  await w.restart();
  expect(await rows()).toEqual({ sessions: 1, replaced: 1, windows: expect.any(Number) });
  expect((await rows()).windows).toBeGreaterThan(0);

  // Past the longest a session lives (SESSION_MAX_HOURS, 12 by default) and the grace after it.
  w.sandbox.advanceClock(13 * 3_600_000);
  await w.restart();
  expect(await rows()).toEqual({ sessions: 0, replaced: 0, windows: 0 });
});
